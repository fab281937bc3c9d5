using System.Diagnostics;

namespace Zask.Testing;

/// <summary>
/// Something outside the .NET SDK that some tests need (a PostgreSQL server, the zerorpc-node peer, pyzmq). Without
/// it those tests are skipped with a reason that names what is missing and the command that provides it; with
/// <c>ZASK_REQUIRE_INTEROP=1</c> (set by ./test.sh and CI) they run anyway and fail with that same message.
/// </summary>
public sealed class Requirement
{
    /// <summary>Set to 1 by ./test.sh and CI: a missing requirement is then a failure instead of a skip.</summary>
    public const string RequireVariable = "ZASK_REQUIRE_INTEROP";

    /// <summary>The PostgreSQL server URI the database tests use (.ci/start-postgres.sh exports it).</summary>
    public const string PostgresUriVariable = "ZASK_TEST_POSTGRES_URI";

    /// <summary>The Python that Python peers run on: Debian's, which has the python3-zmq and python3-msgpack packages.</summary>
    public const string PythonExecutable = "/usr/bin/python3";

    private readonly Lazy<string?> _problem;

    /// <param name="name">What is needed, as in "no {name}".</param>
    /// <param name="findProblem">Returns why the requirement is not met, or <c>null</c> when it is; called once.</param>
    /// <param name="enable">The commands that provide it.</param>
    public Requirement(string name, Func<string?> findProblem, string enable)
    {
        Name = name;
        Enable = enable;
        _problem = new Lazy<string?>(findProblem);
    }

    /// <summary>A PostgreSQL server, named by <see cref="PostgresUriVariable"/>.</summary>
    public static Requirement Postgres { get; } = new(
        "PostgreSQL",
        () => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresUriVariable)) ? $"{PostgresUriVariable} unset" : null,
        "run ./test.sh, or source .ci/start-postgres.sh first");

    /// <summary>pyzmq and msgpack for <see cref="PythonExecutable"/>, for tests whose peer is a Python script.</summary>
    public static Requirement Pyzmq { get; } = new(
        "pyzmq",
        FindPyzmqProblem,
        "run ./test.sh, or apt-get install python3-zmq python3-msgpack first");

    /// <summary><c>true</c> when a missing requirement must fail the tests (./test.sh, CI).</summary>
    public static bool IsDemanded => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>What is needed.</summary>
    public string Name { get; }

    /// <summary>The commands that provide it.</summary>
    public string Enable { get; }

    /// <summary>Why the requirement is not met, or <c>null</c> when it is.</summary>
    public string? Problem => _problem.Value;

    /// <summary>The reason to skip with, or <c>null</c> when the tests must run (met, or demanded).</summary>
    public string? SkipReason => SkipReasonFor(IsDemanded);

    /// <summary>The reason to skip with when <paramref name="demanded"/> says whether a missing requirement must fail.</summary>
    public string? SkipReasonFor(bool demanded) => Problem is { } problem && !demanded ? $"no {Name} ({problem}); {Enable}" : null;

    /// <summary>Throws the reason the requirement is not met; tests call this before they use it.</summary>
    public void EnsureMet()
    {
        if (Problem is { } problem)
        {
            throw new InvalidOperationException($"no {Name} ({problem}), and {RequireVariable}=1 demands it: {Enable}");
        }
    }

    private static string? FindPyzmqProblem()
    {
        if (!File.Exists(PythonExecutable))
        {
            return $"{PythonExecutable} does not exist";
        }
        var info = new ProcessStartInfo(PythonExecutable, ["-c", "import zmq, msgpack"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info);
        if (process is null)
        {
            return $"{PythonExecutable} did not start";
        }
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            return $"{PythonExecutable} -c 'import zmq, msgpack' did not finish in 30 s";
        }
        var lastLine = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return process.ExitCode == 0 ? null : $"{PythonExecutable} cannot import zmq and msgpack: {lastLine}";
    }
}

using System.Globalization;
using Zask.ZeroRpc.Channels;
using Zask.ZeroRpc.Client;
using Zask.ZeroRpc.Extension;
using Zask.ZeroRpc.Patterns;

namespace Zask.Cli;

/// <summary>Runs a command's body against a fresh client and turns its failures into a message and an exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(
        ConnectionSettings settings, TextWriter stderr, Func<ZeroRpcClient, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            using var connected = ClientFactory.Create(settings);
            return await body(connected.Client).ConfigureAwait(false);
        }
        catch (RemoteException ex)
        {
            await stderr.WriteLineAsync(Describe(ex)).ConfigureAwait(false);
            return ExitCodes.RemoteError;
        }
        catch (TimeoutExpiredException ex)
        {
            // A server whose heartbeats arrived is listening: only the method is slow, so do not suggest otherwise.
            await stderr.WriteLineAsync(
                $"zask: no reply from {ex.Endpoint ?? settings.Target} within {Seconds(ex.Timeout)} when calling {ex.Method} " +
                (ex.ServerHeard
                    ? "(the server is up, its heartbeats arrived: the method is still running; --timeout waits longer)"
                    : "(is a server listening there? --timeout waits longer)")).ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }
        catch (LostRemoteException ex)
        {
            await stderr.WriteLineAsync(
                $"zask: lost the server at {settings.Target}: it stopped answering heartbeats ({ex.Message}); " +
                "it is down or busy, or it beats slower than --heartbeat").ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }
        catch (Exception ex) when (ex.GetType().Name == "EndpointUnavailableException")
        {
            // Matched by name: the type is newer than the rest of the client API and may not ship everywhere yet.
            await stderr.WriteLineAsync($"zask: cannot reach {settings.Target}: {ex.Message} (is a server listening there?)").ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }
        catch (ServiceConfigException ex)
        {
            await stderr.WriteLineAsync($"zask: configuration: {ex.Message} (in {settings.ConfigFile})").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (ConfigException ex)
        {
            await stderr.WriteLineAsync($"zask: configuration: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("zask: interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (CliException ex)
        {
            await stderr.WriteLineAsync($"zask: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Protocol violations, unreadable replies, configuration errors: one line, no stack trace.
            await stderr.WriteLineAsync($"zask: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    /// <summary>A remote error as zerorpc prints it: <c>NAME: message</c>.</summary>
    public static string Describe(RemoteException error) =>
        string.IsNullOrEmpty(error.RemoteMessage) ? error.Name : $"{error.Name}: {error.RemoteMessage}";

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}

using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;

namespace Zask.ZeroRpc.Tests.Server;

/// <summary>
/// What a failed call tells its caller (the ERR's message and traceback) and what it leaves in the server's log:
/// refusals of the caller's request are one warning, a method that threw is an error with its stack.
/// </summary>
public class ErrorReplyTests
{
    public sealed class TaskService
    {
        public int[] GetTasks(int minPriority, bool includeDone = false) => includeDone ? [minPriority, 1] : [minPriority];

        public int Small(byte level) => level;

        public int Count(List<int> items, IReadOnlyDictionary<string, int> weights, ErrorReplyTests.Point at) => items.Count + weights.Count + at.X;
    }

    /// <summary>Refuses every call the way the access-key check does, or crashes like a buggy middleware.</summary>
    private sealed class GateMiddleware(Exception error) : IZeroRpcMiddleware
    {
        public ValueTask ServerBeforeExecAsync(ServerCallContext call) => throw error;
    }

    private sealed class Served : IAsyncDisposable
    {
        public Served(object service, CallDispatch dispatch = CallDispatch.Auto, bool? stackTraces = null,
            IZeroRpcMiddleware? middleware = null)
        {
            Logging = new FakeLoggerProvider();
            Factory = LoggerFactory.Create(b => b.AddProvider(Logging).SetMinimumLevel(LogLevel.Trace));
            var context = new ZeroRpcContext();
            if (middleware is not null)
            {
                context.RegisterMiddleware(middleware);
            }
            Server = new ZeroRpcServer(service, new ZeroRpcServerOptions
            {
                Dispatch = dispatch, IncludeStackTraces = stackTraces, LoggerFactory = Factory, Context = context,
            });
            var endpoint = Server.Bind(FreePort.Endpoint());
            Client = new ZeroRpcClient(new ZeroRpcClientOptions { Timeout = TimeSpan.FromSeconds(10) });
            Client.Connect(endpoint);
        }

        public FakeLoggerProvider Logging { get; }

        public ILoggerFactory Factory { get; }

        public ZeroRpcServer Server { get; }

        public ZeroRpcClient Client { get; }

        /// <summary>The server's log records (the server logs an error before it sends the ERR).</summary>
        public IReadOnlyList<FakeLogRecord> ServerLog =>
            Logging.Collector.GetSnapshot().Where(r => r.Category == "Zask.ZeroRpc.Server" && r.Level >= LogLevel.Warning).ToArray();

        public async Task<RemoteException> ErrorOfAsync(string method, params object?[] args) =>
            (await FluentActions.Awaiting(() => Client.CallAsync<object?>(method, args)).Should().ThrowAsync<RemoteException>()).Which;

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Server.DisposeAsync();
            Factory.Dispose();
            Logging.Dispose();
        }
    }

    [Theory]
    [InlineData(CallDispatch.Inline)]
    [InlineData(CallDispatch.ThreadPool)]
    public async Task By_default_the_traceback_names_the_error_and_shows_nothing_of_the_code(CallDispatch dispatch)
    {
        await using var served = new Served(new ShowcaseService(), dispatch);

        var error = await served.ErrorOfAsync("fail", "boom");

        error.Name.Should().Be("ValueError");
        error.RemoteMessage.Should().Be("boom");
        error.RemoteTraceback.Should().Be("ValueError: boom", "no stack frame and no file path may reach the caller");
    }

    [Theory]
    [InlineData(CallDispatch.Inline)]
    [InlineData(CallDispatch.ThreadPool)]
    public async Task With_stack_traces_on_the_traceback_keeps_the_stack(CallDispatch dispatch)
    {
        await using var served = new Served(new ShowcaseService(), dispatch, stackTraces: true);

        var error = await served.ErrorOfAsync("fail", "boom");

        error.RemoteTraceback.Should().Contain("ShowcaseService.Fail").And.Contain("   at ");
    }

    [Theory]
    [InlineData(CallDispatch.Inline)]
    [InlineData(CallDispatch.ThreadPool)]
    public async Task Calls_refused_for_the_caller_are_one_warning_each_and_a_method_error_is_an_error_with_its_stack(CallDispatch dispatch)
    {
        await using var served = new Served(new ShowcaseService(), dispatch);

        await served.ErrorOfAsync("no_such_method");
        await served.ErrorOfAsync("hello", 5);
        await served.ErrorOfAsync("fail", "boom");

        var log = served.ServerLog;
        log.Should().HaveCount(3, string.Join("\n", log.Select(r => $"{r.Level} {r.Message}")));
        log[0].Level.Should().Be(LogLevel.Warning);
        log[0].Message.Should().Be("no_such_method refused: NameError: no_such_method");
        log[0].Exception.Should().BeNull("a refusal carries no stack");
        log[1].Level.Should().Be(LogLevel.Warning);
        log[1].Message.Should().Be("hello refused: TypeError: hello() argument 'name' must be a string, not an integer");
        log[1].Exception.Should().BeNull();
        log[2].Level.Should().Be(LogLevel.Error);
        log[2].Message.Should().Be("fail failed: ValueError: boom");
        log[2].Exception.Should().BeOfType<ZeroRpcException>().Which.StackTrace.Should().Contain("ShowcaseService.Fail");
    }

    [Fact]
    public async Task A_middleware_refusal_is_a_warning_but_a_middleware_that_crashes_is_an_error()
    {
        await using (var refusing = new Served(new ShowcaseService(),
            middleware: new GateMiddleware(new ZeroRpcException("NoSuchAccessKey", "showcase does not accept the access key 'x'"))))
        {
            (await refusing.ErrorOfAsync("hello", "a")).Name.Should().Be("NoSuchAccessKey");
            refusing.ServerLog.Should().ContainSingle().Which.Should().Match<FakeLogRecord>(r =>
                r.Level == LogLevel.Warning && r.Exception == null
                && r.Message == "hello refused: NoSuchAccessKey: showcase does not accept the access key 'x'");
        }

        await using var crashing = new Served(new ShowcaseService(), middleware: new GateMiddleware(new InvalidOperationException("bug")));
        (await crashing.ErrorOfAsync("hello", "a")).Name.Should().Be("InvalidOperationException");
        crashing.ServerLog.Should().ContainSingle().Which.Should().Match<FakeLogRecord>(r =>
            r.Level == LogLevel.Error && r.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task A_refusal_stays_on_one_line_when_the_caller_puts_line_breaks_in_the_method_name()
    {
        await using var served = new Served(new ShowcaseService());

        (await served.ErrorOfAsync("evil\nFAKE ERROR line")).Name.Should().Be("NameError");

        served.ServerLog.Should().ContainSingle().Which.Message.Should().NotContain("\n").And.Contain("evil\\nFAKE");
    }

    [Fact]
    public async Task Argument_errors_speak_of_the_callers_values_not_of_the_decoder()
    {
        await using var served = new Served(new ShowcaseService());

        var range = await FluentActions.Awaiting(async () =>
        {
            await foreach (var _ in served.Client.StreamAsync<long>("range", "x"))
            {
            }
        }).Should().ThrowAsync<RemoteException>();

        range.Which.Name.Should().Be("TypeError");
        range.Which.RemoteMessage.Should().Be("range() argument 'n' must be an integer, not a str");
    }

    [Fact]
    public async Task An_integer_out_of_range_says_the_range()
    {
        await using var served = new Served(new TaskService());

        var error = await served.ErrorOfAsync("small", 300);

        error.Name.Should().Be("TypeError");
        error.RemoteMessage.Should().Be("small() argument 'level' must be an integer from 0 to 255");
    }

    public sealed record Point(int X, int Y);

    [Fact]
    public async Task Collections_and_objects_are_named_as_msgpack_calls_them()
    {
        await using var served = new Served(new TaskService());

        (await served.ErrorOfAsync("count", "x", new Dictionary<string, int>(), new Point(1, 2))).RemoteMessage
            .Should().Be("count() argument 'items' must be an array, not a str");
        (await served.ErrorOfAsync("count", new[] { 1 }, "x", new Point(1, 2))).RemoteMessage
            .Should().Be("count() argument 'weights' must be a map, not a str");
        (await served.ErrorOfAsync("count", new[] { 1 }, new Dictionary<string, int>(), 3)).RemoteMessage
            .Should().Be("count() argument 'at' must be a map, not an integer");
    }

    [Fact]
    public async Task Sleep_with_a_negative_time_is_a_clear_argument_error()
    {
        await using var served = new Served(new ShowcaseService());

        var error = await served.ErrorOfAsync("sleep", -1);

        error.Name.Should().Be("ValueError");
        error.RemoteMessage.Should().Be("sleep() argument 'seconds' must be from 0 to 4294967 (about 49 days), not -1");
    }

    [Fact]
    public async Task Argument_names_follow_the_naming_policy_of_the_method_names()
    {
        await using var served = new Served(new TaskService());

        var inspect = await served.Client.CallAsync<Dictionary<string, object?>>("_zerorpc_inspect");
        var getTasks = (Dictionary<object, object?>)((Dictionary<object, object?>)inspect["methods"]!)["get_tasks"]!;
        ((object?[])getTasks["args"]!).Cast<Dictionary<object, object?>>().Select(a => a["name"])
            .Should().Equal("min_priority", "include_done");
        var spec = await served.Client.CallAsync<object?[]>("_zerorpc_args", "get_tasks");
        ((object?[])spec[0]!).Should().Equal("min_priority", "include_done");
        (await served.ErrorOfAsync("get_tasks")).RemoteMessage.Should().Be("get_tasks() missing required argument 'min_priority' (position 1)");
    }
}

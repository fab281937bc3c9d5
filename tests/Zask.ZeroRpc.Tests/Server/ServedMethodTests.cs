using System.Diagnostics;
using Zask.ZeroRpc.Serialization;

namespace Zask.ZeroRpc.Tests.Server;

/// <summary>The per-method dispatch policy on its own, fed with hold times.</summary>
public class ServedMethodTests
{
    private static readonly long Fast = Stopwatch.Frequency / 100_000;        // 10 µs
    private static readonly long Medium = Stopwatch.Frequency / 2_000;        // 500 µs: too slow to promote, not slow enough to demote
    private static readonly long Blocking = Stopwatch.Frequency / 50;         // 20 ms

    private sealed class Service
    {
        public string Hello() => "hi";

        [ZeroRpcDispatch(CallDispatch.ThreadPool)]
        public string Pooled() => "pool";

        [ZeroRpcDispatch(CallDispatch.Inline)]
        public string Inlined() => "inline";

        [ZeroRpcStream]
        public IEnumerable<int> Numbers() => [1, 2];
    }

    [ZeroRpcDispatch(CallDispatch.ThreadPool)]
    private sealed class PooledService
    {
        public string Hello() => "hi";

        [ZeroRpcDispatch(CallDispatch.Inline)]
        public string Quick() => "quick";
    }

    private static ServedMethod Served(string name, CallDispatch server = CallDispatch.Auto, Type? type = null)
    {
        var descriptor = ServiceDescriptor.For(type ?? typeof(Service), NamingPolicy.SnakeCase).Methods[name];
        return new ServedMethod(descriptor, new object(), server);
    }

    private static void Feed(ServedMethod method, int count, long ticks, bool inline = false)
    {
        for (var i = 0; i < count; i++)
        {
            method.Observe(ticks, inline);
        }
    }

    [Fact]
    public void An_auto_method_starts_on_the_pool_and_moves_inline_after_64_fast_calls_in_a_row()
    {
        var method = Served("hello");
        method.RunsInline.Should().BeFalse();
        Feed(method, 63, Fast);
        method.RunsInline.Should().BeFalse("63 fast calls are one short of the streak");
        Feed(method, 1, Fast);
        method.RunsInline.Should().BeTrue();
    }

    [Fact]
    public void Two_calls_over_100_microseconds_close_together_restart_the_streak()
    {
        var method = Served("hello");
        Feed(method, 30, Fast);
        Feed(method, 2, Medium);
        Feed(method, 60, Fast);
        method.RunsInline.Should().BeFalse();
        Feed(method, 4, Fast);
        method.RunsInline.Should().BeTrue();
    }

    [Fact]
    public void One_slow_call_in_32_is_forgiven_as_a_preempted_thread()
    {
        var method = Served("hello");
        Feed(method, 40, Fast);
        Feed(method, 1, Medium);
        Feed(method, 23, Fast);
        method.RunsInline.Should().BeFalse("63 fast calls");
        Feed(method, 1, Fast);
        method.RunsInline.Should().BeTrue("the one slow call among them did not restart the count");
    }

    [Fact]
    public void A_lone_inline_call_over_1_ms_is_forgiven_as_a_preempted_thread()
    {
        var method = Served("hello");
        Feed(method, 64, Fast);
        method.Observe(Blocking, ranInline: true).Should().BeFalse();
        Feed(method, 16, Fast, inline: true);
        method.Observe(Blocking, ranInline: true).Should().BeFalse("17 inline calls after the first slow one");
        method.RunsInline.Should().BeTrue();
    }

    [Fact]
    public void A_second_inline_call_over_1_ms_soon_after_moves_the_method_back_and_a_longer_streak_is_needed_next_time()
    {
        var method = Served("hello");
        Feed(method, 64, Fast);
        method.Observe(Medium, ranInline: true).Should().BeFalse("500 µs inline is tolerated");
        method.RunsInline.Should().BeTrue();
        method.Observe(Blocking, ranInline: true).Should().BeFalse("one slow call may be a preempted thread");
        Feed(method, 10, Fast, inline: true);
        method.Observe(Blocking, ranInline: true).Should().BeTrue();
        method.RunsInline.Should().BeFalse();
        method.Observe(Blocking, ranInline: true).Should().BeFalse("a second slow call that was already running inline does not count twice");
        Feed(method, 64 * 8 - 1, Fast);
        method.RunsInline.Should().BeFalse();
        Feed(method, 1, Fast);
        method.RunsInline.Should().BeTrue();
    }

    [Fact]
    public void The_streak_needed_grows_with_each_demotion_up_to_32768_calls()
    {
        var method = Served("hello");
        foreach (var streak in new[] { 64, 512, 4096, 32_768, 32_768 })
        {
            Feed(method, streak - 1, Fast);
            method.RunsInline.Should().BeFalse($"{streak - 1} fast calls are one short of {streak}");
            Feed(method, 1, Fast);
            method.RunsInline.Should().BeTrue();
            method.Observe(Blocking, ranInline: true).Should().BeFalse();
            method.Observe(Blocking, ranInline: true).Should().BeTrue();
            method.RunsInline.Should().BeFalse();
        }
    }

    [Fact]
    public void Pinned_methods_ignore_what_their_calls_cost()
    {
        var pooled = Served("pooled");
        Feed(pooled, 1000, Fast);
        pooled.RunsInline.Should().BeFalse();

        var inlined = Served("inlined");
        inlined.RunsInline.Should().BeTrue();
        inlined.Observe(Blocking, ranInline: true).Should().BeFalse();
        inlined.RunsInline.Should().BeTrue();
    }

    [Fact]
    public void The_server_option_applies_to_methods_without_an_attribute_and_the_attribute_wins()
    {
        var onPool = Served("hello", CallDispatch.ThreadPool);
        Feed(onPool, 1000, Fast);
        onPool.RunsInline.Should().BeFalse();

        Served("hello", CallDispatch.Inline).RunsInline.Should().BeTrue();
        Served("pooled", CallDispatch.Inline).RunsInline.Should().BeFalse();
        Served("inlined", CallDispatch.ThreadPool).RunsInline.Should().BeTrue();
    }

    [Fact]
    public void A_class_attribute_applies_to_its_methods_unless_a_method_has_its_own()
    {
        var hello = Served("hello", type: typeof(PooledService));
        Feed(hello, 1000, Fast);
        hello.RunsInline.Should().BeFalse();
        Served("quick", type: typeof(PooledService)).RunsInline.Should().BeTrue();
    }

    private sealed class BadlyPinned
    {
        [ZeroRpcDispatch((CallDispatch)42)]
        public string Hello() => "hi";
    }

    [Fact]
    public void A_dispatch_that_is_not_a_CallDispatch_value_is_refused_with_where_it_came_from()
    {
        FluentActions.Invoking(() => new ZeroRpcServer(new Service(), new ZeroRpcServerOptions { Dispatch = (CallDispatch)7 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("ZeroRpcServerOptions.Dispatch is 7, which is not a CallDispatch value*");
        FluentActions.Invoking(() => new ZeroRpcServer(new BadlyPinned()))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("[ZeroRpcDispatch] on BadlyPinned.Hello is 42, which is not a CallDispatch value*");
    }

    [Fact]
    public void Streams_never_move_inline_on_their_own()
    {
        var numbers = Served("numbers");
        Feed(numbers, 1000, Fast);
        numbers.RunsInline.Should().BeFalse();
        Served("numbers", CallDispatch.Inline).RunsInline.Should().BeTrue("asked for explicitly");
    }
}

using System.Runtime.InteropServices;
using Zask.ZeroRpc.Tests.Support;

namespace Zask.ZeroRpc.Tests.Wire;

/// <summary>
/// NetMQ's clock on the processor's time-stamp counter, each case with NetMQ setting its clock up from scratch.
/// Serial: one case sets NetMQ's switch in the environment, which the others must not see.
/// </summary>
[Collection(SerialCollection.Name)]
public class NetMqTimestampCounterTests
{
    private const string NetMqSwitch = "NETQM_SUPPRESS_RDTSC";

    // NetMQ reads the counter with x86 code, on Linux and macOS through Zask's stand-in (always on Windows).
    private static bool CounterReadable =>
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86
        && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsWindows());

    [Fact]
    public void The_first_Zask_socket_puts_NetMQs_clock_on_the_counter()
    {
        using var context = new FreshNetMqContext();
        using (context.BindZaskServer())
        {
            context.IsActive.Should().Be(CounterReadable);
            var first = context.ReadNetMqClock();
            Thread.SpinWait(1000);
            var second = context.ReadNetMqClock();
            if (CounterReadable)
            {
                first.Should().BePositive();
                second.Should().BeGreaterThan(first, "the counter advances");
            }
        }
        context.CanLoadMonoPosix().Should().BeFalse("the stand-in is offered to NetMQ's clock only, never bound by name later");
    }

    [Fact]
    public void NetMQ_used_directly_first_keeps_its_own_clock_and_Enable_says_so()
    {
        using var context = new FreshNetMqContext();
        // What the remarks warn about: NetMQ sets its clock up once, at the first send or receive.
        using (context.UseNetMqSocket())
        {
            context.Enable().Should().Be(OperatingSystem.IsWindows() && CounterReadable,
                "outside Windows NetMQ found no Mono.Posix when it set its clock up");
            if (!OperatingSystem.IsWindows())
            {
                context.ReadNetMqClock().Should().Be(0, "NetMQ's fallback");
            }
        }
    }

    [Fact]
    public void Enable_before_NetMQ_is_used_directly_puts_its_clock_on_the_counter()
    {
        using var context = new FreshNetMqContext();
        context.Enable().Should().Be(CounterReadable);
        using (context.UseNetMqSocket())
        {
            context.IsActive.Should().Be(CounterReadable);
        }
    }

    [Fact]
    public void NetMQs_own_switch_turns_it_off()
    {
        using var context = new FreshNetMqContext();
        Environment.SetEnvironmentVariable(NetMqSwitch, "1");
        try
        {
            context.Enable().Should().BeFalse();
            using (context.BindZaskServer())
            {
                context.IsActive.Should().BeFalse();
                context.ReadNetMqClock().Should().Be(0);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(NetMqSwitch, null);
        }
    }
}

using System.Runtime.InteropServices;
using DocsSamples;
using Microsoft.Extensions.Logging.Abstractions;
using Zask.ZeroRpc;

namespace Zask.Docs.Tests;

public class NetMqClockTests
{
    [Fact]
    public void The_clock_sample_reports_what_NetMQ_uses()
    {
        var onCounter = NetMqClock.Run(NullLogger.Instance);
        onCounter.Should().Be(NetMqTimestampCounter.IsActive);
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64 && OperatingSystem.IsLinux()
            && Environment.GetEnvironmentVariable("NETQM_SUPPRESS_RDTSC") is null)
        {
            onCounter.Should().BeTrue("x64 Linux is where the docs promise it");
        }
    }
}

using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Zask.Bench.Infrastructure;

namespace Zask.Bench.Scenarios;

/// <summary>
/// The client of the .NET floor: one async <see cref="Socket"/> keeps <c>window</c> fixed-size messages in flight.
/// A message is as many bytes as the ZeroMQ echo puts on the wire for its 60-byte body after an empty delimiter
/// (two frame headers of two bytes each), and starts with its send timestamp. Every reply read is answered with a
/// new message, all of one read's answers in one send.
/// </summary>
internal static class SocketEchoClient
{
    /// <summary>The bytes ZMTP sends for an empty frame and a 60-byte frame: a flags byte and a size byte each.</summary>
    public const int MessageBytes = 2 + 2 + EchoExchange.MessageBytes;

    public static async Task<ScenarioResult> RunAsync(string key, string description, int port, int window, BenchSettings settings)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await PhaseAsync(socket, window, settings.Warmup, null);
        var samples = new LatencySamples();
        var cpu = CpuMeter.Take();
        var seconds = await PhaseAsync(socket, window, settings.Measure, samples);
        return ScenarioResult.Measured(key, description, [samples], seconds, cpu);
    }

    /// <summary>A connection kept open for one-at-a-time slices (<see cref="PairedSequential"/>).</summary>
    public static async Task<ISequentialProbe> OpenSequentialAsync(string key, string description, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new Probe(key, description, socket);
    }

    private sealed class Probe(string key, string description, Socket socket) : ISequentialProbe
    {
        public string Key => key;

        public string Description => description;

        public async Task<(LatencySamples Samples, double Seconds)> RunAsync(TimeSpan duration)
        {
            var samples = new LatencySamples();
            return (samples, await PhaseAsync(socket, 1, duration, samples));
        }

        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static async Task<double> PhaseAsync(Socket socket, int window, TimeSpan duration, LatencySamples? samples)
    {
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var receive = new byte[64 * 1024];
        var send = new byte[Math.Max(window, receive.Length / MessageBytes + 1) * MessageBytes];
        for (var i = 0; i < window; i++)
        {
            Write(send.AsSpan(i * MessageBytes, MessageBytes), Stopwatch.GetTimestamp());
        }
        await SendAllAsync(socket, send.AsMemory(0, window * MessageBytes));
        var outstanding = window;
        var buffered = 0;
        while (outstanding > 0)
        {
            var read = await socket.ReceiveAsync(receive.AsMemory(buffered), SocketFlags.None);
            if (read == 0)
            {
                throw new InvalidOperationException("the server closed the connection");
            }
            buffered += read;
            var now = Stopwatch.GetTimestamp();
            var whole = buffered / MessageBytes;
            var next = 0;
            for (var m = 0; m < whole; m++)
            {
                samples?.Add(now - BinaryPrimitives.ReadInt64LittleEndian(receive.AsSpan(m * MessageBytes)));
                outstanding--;
                // Past the deadline, only drain what is in flight so the next phase starts clean.
                if (now < stopAt)
                {
                    Write(send.AsSpan(next++ * MessageBytes, MessageBytes), now);
                    outstanding++;
                }
            }
            // A message split across reads waits at the front of the buffer for its rest.
            var rest = buffered - whole * MessageBytes;
            receive.AsSpan(whole * MessageBytes, rest).CopyTo(receive);
            buffered = rest;
            if (next > 0)
            {
                await SendAllAsync(socket, send.AsMemory(0, next * MessageBytes));
            }
        }
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static void Write(Span<byte> message, long timestamp)
    {
        message.Fill((byte)'x');
        BinaryPrimitives.WriteInt64LittleEndian(message, timestamp);
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[await socket.SendAsync(bytes, SocketFlags.None)..];
        }
    }
}

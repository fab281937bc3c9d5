namespace Zask.Cli.Tests;

[Collection(ShowcaseCollection.Name)]
public sealed class CallTests(ShowcaseFixture showcase)
{
    private readonly string _endpoint = showcase.Endpoint;

    [Fact]
    public async Task Call_hello_prints_the_string_plainly()
    {
        var result = await Cli.RunAsync("call", _endpoint, "hello", "World");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Be("Hello, World!" + Environment.NewLine);
        result.Stderr.Should().BeEmpty();
    }

    [Fact]
    public async Task Without_json_arguments_travel_as_strings()
    {
        var result = await Cli.RunAsync("call", _endpoint, "echo", "42");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Lines.Should().Equal("42");
        (await Cli.RunAsync("call", "--json", _endpoint, "echo", "\"42\"")).Lines.Should().Equal("\"42\"");
    }

    [Fact]
    public async Task Json_maps_round_trip()
    {
        const string Map = """{"name":"zask","tags":["a","b"],"nested":{"n":-5,"x":1.5,"ok":true,"none":null}}""";

        var result = await Cli.RunAsync("call", "--json", _endpoint, "echo", Map);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Lines.Should().Equal(Map);
    }

    [Fact]
    public async Task Json_bytes_travel_as_binary_and_print_as_bin()
    {
        var result = await Cli.RunAsync("call", "-j", _endpoint, "echo", """{"$bin":"00ff10"}""");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Lines.Should().Equal("""{"$bin":"00ff10"}""");
    }

    [Theory]
    [InlineData("1", "2", "3")]
    [InlineData("1", "2.5", "3.5")]
    [InlineData("9223372036854775807", "1", "9223372036854775808")]
    [InlineData("0.5", "0.5", "1.0")]
    public async Task Add_numbers(string a, string b, string sum)
    {
        var result = await Cli.RunAsync("call", "--json", _endpoint, "add", a, b);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Lines.Should().Equal(sum);
    }

    [Fact]
    public async Task A_stream_prints_one_item_per_line()
    {
        var result = await Cli.RunAsync("call", "--json", _endpoint, "range", "4");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Lines.Should().Equal("0", "1", "2", "3");
    }

    [Fact]
    public async Task A_list_result_is_one_value_on_one_line()
    {
        // The same items as a stream would have, but a plain reply: call keeps it whole.
        var result = await Cli.RunAsync("call", "--json", _endpoint, "echo", "[0,1,2]");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Lines.Should().Equal("[0,1,2]");
    }

    [Fact]
    public async Task The_stream_command_prints_a_list_result_element_by_element()
    {
        (await Cli.RunAsync("stream", "--json", _endpoint, "range", "3")).Lines.Should().Equal("0", "1", "2");
        (await Cli.RunAsync("stream", "--json", _endpoint, "echo", "[\"a\",\"b\"]")).Lines.Should().Equal("\"a\"", "\"b\"");
    }

    [Fact]
    public async Task A_remote_error_goes_to_stderr_with_exit_code_1()
    {
        var result = await Cli.RunAsync("call", _endpoint, "fail", "broken on purpose");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().BeEmpty();
        result.Stderr.Trim().Should().Be("ValueError: broken on purpose");
    }

    [Fact]
    public async Task A_stream_that_fails_keeps_its_items_and_reports_the_error()
    {
        var result = await Cli.RunAsync("call", "--json", _endpoint, "stream_fail", "2");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Lines.Should().Equal("0", "1");
        result.Stderr.Trim().Should().Be("RuntimeError: stream failed");
    }

    [Fact]
    public async Task An_unknown_method_is_a_remote_error()
    {
        var result = await Cli.RunAsync("call", _endpoint, "no_such_method");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.Should().StartWith("NameError");
    }

    [Fact]
    public async Task A_slow_method_times_out_with_exit_code_2()
    {
        var result = await Cli.RunAsync("call", "--json", "--timeout", "0.5", _endpoint, "sleep", "3");

        result.ExitCode.Should().Be(2, result.ToString());
        // Gave up at its 0.5 s timeout while the server was still sleeping: waiting for the reply would exit 0.
        result.Stderr.Should().Contain("no reply from").And.Contain("within 0.5 s when calling sleep");
    }

    [Fact]
    public async Task Invalid_json_is_a_usage_error()
    {
        var result = await Cli.RunAsync("call", "--json", _endpoint, "echo", "{oops");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.Should().Contain("argument 1 is not valid JSON");
    }

    [Fact]
    public async Task A_missing_method_is_a_usage_error()
    {
        var result = await Cli.RunAsync("call", _endpoint);

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.Should().Contain("METHOD");
    }
}

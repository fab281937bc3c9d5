namespace Zask.Testing.Tests;

/// <summary>The skip-or-fail rule that every test needing PostgreSQL, the Node peer or pyzmq follows.</summary>
public class RequirementTests
{
    private static Requirement Missing() =>
        new("PostgreSQL", () => "ZASK_TEST_POSTGRES_URI unset", "run ./test.sh, or source .ci/start-postgres.sh first");

    private static Requirement Met() => new("pyzmq", () => null, "apt-get install python3-zmq");

    [Fact]
    public void A_missing_requirement_skips_with_what_is_missing_and_the_command_that_provides_it()
    {
        Missing().SkipReasonFor(demanded: false).Should()
            .Be("no PostgreSQL (ZASK_TEST_POSTGRES_URI unset); run ./test.sh, or source .ci/start-postgres.sh first");
    }

    [Fact]
    public void A_missing_requirement_that_is_demanded_runs_and_fails_with_the_same_reason()
    {
        var requirement = Missing();
        requirement.SkipReasonFor(demanded: true).Should().BeNull();
        requirement.Invoking(r => r.EnsureMet()).Should().Throw<InvalidOperationException>()
            .WithMessage("no PostgreSQL (ZASK_TEST_POSTGRES_URI unset), and ZASK_REQUIRE_INTEROP=1 demands it: run ./test.sh*");
    }

    [Fact]
    public void A_met_requirement_never_skips()
    {
        var requirement = Met();
        requirement.SkipReasonFor(demanded: false).Should().BeNull();
        requirement.SkipReasonFor(demanded: true).Should().BeNull();
        requirement.Invoking(r => r.EnsureMet()).Should().NotThrow();
    }

    [Fact]
    public void The_problem_is_looked_for_once()
    {
        var calls = 0;
        var requirement = new Requirement("node", () => { calls++; return "not on the PATH"; }, "install it");
        _ = requirement.SkipReasonFor(demanded: false);
        _ = requirement.SkipReasonFor(demanded: false);
        requirement.Invoking(r => r.EnsureMet()).Should().Throw<InvalidOperationException>();
        calls.Should().Be(1);
    }
}

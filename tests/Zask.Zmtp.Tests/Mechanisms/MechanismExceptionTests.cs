namespace Zask.Zmtp.Tests.Mechanisms;

public class MechanismExceptionTests
{
    [Fact]
    public void Keeps_the_reason_for_the_log_line()
    {
        new MechanismException("CURVE: client key not allowed").Message.Should().Be("CURVE: client key not allowed");
    }
}

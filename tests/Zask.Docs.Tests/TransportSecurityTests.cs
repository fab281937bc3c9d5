using DocsSamples;
using Zask.Zmtp.Security;

namespace Zask.Docs.Tests;

public class TransportSecurityTests
{
    [Fact]
    public void Generated_keys_read_back_into_server_and_client_settings()
    {
        var (serverPublic, serverSecret) = TransportSecurity.GenerateKeys();
        var (clientPublic, clientSecret) = TransportSecurity.GenerateKeys();

        var (server, client) = TransportSecurity.Configure(serverPublic, serverSecret, clientPublic, clientSecret);

        server.IsServer.Should().BeTrue();
        server.IsClientAllowed!(Z85.Decode(clientPublic)).Should().BeTrue();
        server.IsClientAllowed(CurveKeyPair.Generate().PublicKey).Should().BeFalse();
        client.ServerPublicKey.Should().Equal(Z85.Decode(serverPublic));
        client.Keys.PublicKeyZ85.Should().Be(clientPublic);
    }
}

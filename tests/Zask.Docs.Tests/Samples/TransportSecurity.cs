using Zask.Zmtp.Security;

namespace DocsSamples;

public static class TransportSecurity
{
    public static (string PublicKey, string SecretKey) GenerateKeys()
    {
        #region docs:curve-generate
        var keys = CurveKeyPair.Generate();
        Console.WriteLine($"public: {keys.PublicKeyZ85}");  // share with clients
        Console.WriteLine($"secret: {keys.SecretKeyZ85}");  // the server's config only
        #endregion
        return (keys.PublicKeyZ85, keys.SecretKeyZ85);
    }

    public static (CurveSecurity Server, CurveSecurity Client) Configure(string serverPublic, string serverSecret, string clientPublic, string clientSecret)
    {
        #region docs:curve-configure
        // Server: its key pair, and the clients it accepts (leave the list out to accept any client that knows the server's key).
        var server = CurveSecurity.Server(
            CurveKeyPair.FromZ85(serverPublic, serverSecret),
            [CurveKeyPair.DecodeKey(clientPublic)]);

        // Client: the server's public key, and its own pair (or CurveSecurity.Client(serverKey) for a fresh one).
        var client = CurveSecurity.Client(
            CurveKeyPair.DecodeKey(serverPublic),
            CurveKeyPair.FromZ85(clientPublic, clientSecret));
        #endregion
        return (server, client);
    }
}

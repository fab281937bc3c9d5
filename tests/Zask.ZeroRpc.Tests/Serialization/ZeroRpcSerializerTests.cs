using System.Buffers;
using MessagePack;
using Zask.ZeroRpc.Serialization;

namespace Zask.ZeroRpc.Tests.Serialization;

/// <summary>
/// The MessagePack settings every endpoint uses, on their own: what a Python or Node peer's values become in .NET and
/// how .NET objects look to those peers. The wire and conversation tests exercise them only through whole events.
/// </summary>
public class ZeroRpcSerializerTests
{
    public sealed record Account(string UserName, bool IsAdmin, int? LoginCount = null);

    [Fact]
    public void A_string_from_a_peer_older_than_the_bin_type_is_read_from_bin()
    {
        // msgpack-python before 1.0 (use_bin_type=False) sends Python 2 str and bytes alike as raw bytes.
        var blob = Write((ref MessagePackWriter w) => w.Write("héllo wörld"u8));

        MessagePackSerializer.Deserialize<string>(blob, ZeroRpcSerializer.Options).Should().Be("héllo wörld");
        MessagePackSerializer.Serialize("héllo", ZeroRpcSerializer.Options)[0].Should().Be(0xa6, "strings are written as str (fixstr of 6 bytes)");
    }

    [Fact]
    public void Objects_travel_as_maps_with_snake_case_keys()
    {
        var blob = MessagePackSerializer.Serialize(new Account("ann", IsAdmin: true), ZeroRpcSerializer.Options);

        var map = MessagePackSerializer.Deserialize<object>(blob, ZeroRpcSerializer.Options).Should().BeAssignableTo<IDictionary<object, object?>>().Subject;
        map.Keys.Should().BeEquivalentTo(["user_name", "is_admin", "login_count"]);
        map["user_name"].Should().Be("ann");
        map["is_admin"].Should().Be(true);
        map["login_count"].Should().BeNull();
    }

    [Fact]
    public void A_map_binds_to_an_object_whatever_its_keys_case_and_unknown_keys_are_skipped()
    {
        var blob = Write((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(3);
            w.Write("userName");
            w.Write("bob");
            w.Write("IS_ADMIN");
            w.Write(false);
            w.Write("favourite_colour");
            w.Write("green");
        });

        MessagePackSerializer.Deserialize<Account>(blob, ZeroRpcSerializer.Options).Should().Be(new Account("bob", IsAdmin: false));
    }

    [Fact]
    public void A_decoded_map_finds_an_integer_key_whatever_its_width_and_holds_a_nil_key()
    {
        var blob = Write((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(3);
            w.WriteUInt8(1);
            w.Write("one");
            w.Write(300_000L);
            w.Write("big");
            w.WriteNil();
            w.Write("nothing");
        });

        var map = (IDictionary<object, object?>)MessagePackSerializer.Deserialize<object>(blob, ZeroRpcSerializer.Options)!;

        map[1].Should().Be("one", "a Python int key 1 is found with a C# int");
        map[1L].Should().Be("one");
        map[300_000].Should().Be("big");
        map[MapKeyComparer.NilKey].Should().Be("nothing", "a .NET dictionary cannot hold null: a nil key stands as NilKey");
    }

    [Fact]
    public void Bin_decodes_to_bytes_of_its_own_not_a_view_of_the_received_buffer()
    {
        var blob = Write((ref MessagePackWriter w) => w.Write(new byte[] { 1, 2, 3 }));

        var bytes = MessagePackSerializer.Deserialize<object>(blob, ZeroRpcSerializer.Options).Should().BeOfType<byte[]>().Subject;
        Array.Fill(blob, (byte)0);

        bytes.Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Values_nested_deeper_than_the_untrusted_data_limit_are_refused()
    {
        var depth = MessagePackSecurity.UntrustedData.MaximumObjectGraphDepth + 1;
        var blob = Write((ref MessagePackWriter w) =>
        {
            for (var i = 0; i < depth; i++)
            {
                w.WriteArrayHeader(1);
            }
            w.WriteNil();
        });

        var act = () => MessagePackSerializer.Deserialize<object>(blob, ZeroRpcSerializer.Options);

        act.Should().Throw<MessagePackSerializationException>().WithInnerException<InsufficientExecutionStackException>();
    }

    [Theory]
    [InlineData(NamingPolicy.SnakeCase, "get_user_by_id")]
    [InlineData(NamingPolicy.CamelCase, "getUserById")]
    [InlineData(NamingPolicy.AsDeclared, "GetUserById")]
    public void A_naming_policy_turns_a_method_name_into_the_name_peers_call(NamingPolicy policy, string called)
    {
        policy.Apply("GetUserById").Should().Be(called);
    }

    private delegate void WriteValue(ref MessagePackWriter writer);

    private static byte[] Write(WriteValue write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}

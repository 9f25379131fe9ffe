using System.Text;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Tests.Unit.State;

/// <summary>The agent's own SHA-256 must equal the standard one: its digests name folders that exist on devices.</summary>
public sealed class Sha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
    public void Known_answers_from_the_standard(string message, string expected)
    {
        Assert.Equal(expected, Sha256.HexOf(message));
    }

    [Fact]
    public void A_million_letters_a()
    {
        var digest = Sha256.HashData(Encoding.ASCII.GetBytes(new string('a', 1_000_000)));

        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Convert.ToHexString(digest).ToLowerInvariant());
    }

    [Fact]
    public void Every_length_around_the_block_boundaries_matches_the_runtime()
    {
        var random = new Random(8);
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);

            Assert.Equal(System.Security.Cryptography.SHA256.HashData(data), Sha256.HashData(data));
        }
    }
}

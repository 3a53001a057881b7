using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Ledger;
using NodaTime;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests.Ledger;

/// <summary>Law: two commands have the same payload fingerprint exactly when every field of their payloads is equal.</summary>
public sealed class FingerprintTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    private static readonly Gen<(int Units, int Cents, string Sku, string Category)[]> Lines =
        Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(
            from units in Gen.Choose(1, 5)
            from cents in Gen.Choose(1, 50_000)
            from sku in Gen.Elements("A", "B", "AB", "é", "😀")
            from category in Gen.Elements("books", "music", "books;music")
            select (units, cents, sku, category), n));

    [Fact]
    public void EarnFingerprint_ChangesWhenAnyFieldOfAnyLineChanges() =>
        Check.One(Config, Prop.ForAll(Lines.ToArbitrary(), Gen.Choose(0, 1_000).ToArbitrary(), (lines, which) =>
        {
            var original = Earn("o-1", Start, lines);
            var i = which % lines.Length;
            var changed = lines.ToArray();
            changed[i] = (which % 4) switch
            {
                0 => changed[i] with { Units = changed[i].Units + 1 },
                1 => changed[i] with { Cents = changed[i].Cents + 1 },
                2 => changed[i] with { Sku = changed[i].Sku + "x" },
                _ => changed[i] with { Category = changed[i].Category + "x" },
            };

            Assert.Equal(original.PayloadFingerprint, Earn("o-1", Start, lines).PayloadFingerprint);
            Assert.NotEqual(original.PayloadFingerprint, Earn("o-1", Start, changed).PayloadFingerprint);
            Assert.NotEqual(original.PayloadFingerprint, Earn("o-2", Start, lines).PayloadFingerprint);
            Assert.NotEqual(original.PayloadFingerprint, Earn("o-1", Start + Duration.FromTicks(10), lines).PayloadFingerprint);
        }));

    [Fact]
    public void Fingerprint_SeparatesFieldBoundariesAndCommandKinds()
    {
        // Length prefixes: moving a character from one field to the next must change the fingerprint.
        var a = new AdjustCommand(Member("ab"), Key("k"), P(5), "c");
        var b = new AdjustCommand(Member("a"), Key("k"), P(5), "bc");
        Assert.NotEqual(a.PayloadFingerprint, b.PayloadFingerprint);

        var activity = new EarnActivityCommand(Member(), Key("k"), "x", P(5));
        var adjust = new AdjustCommand(Member(), Key("k"), P(5), "x");
        Assert.NotEqual(activity.PayloadFingerprint, adjust.PayloadFingerprint);

        Assert.NotEqual(
            new RefundRedemptionCommand(Member(), Key("k"), Key("r")).PayloadFingerprint,
            new RefundRedemptionCommand(Member(), Key("k"), Key("r"), P(5)).PayloadFingerprint);
        Assert.NotEqual(new RedeemCommand(Member(), Key("k"), P(5)).PayloadFingerprint, new RedeemCommand(Member(), Key("k"), P(5), "o").PayloadFingerprint);
        Assert.NotEqual(new ExpireCommand(Member("a"), Key("k")).PayloadFingerprint, new ExpireCommand(Member("b"), Key("k")).PayloadFingerprint);
    }

    [Fact]
    public void Fingerprint_DecimalsCompareByValue()
    {
        var a = Earn("o", Start, [(1, 1999, "A", "books")]);
        var b = new EarnCommand(Member(), Key("earn:o"), "o", Start, [new PurchaseLine("L0", "A", "books", 1, Money.Of(19.990m, "EUR"))]);
        Assert.Equal(a.PayloadFingerprint, b.PayloadFingerprint);
    }

    private static EarnCommand Earn(string orderId, Instant at, (int Units, int Cents, string Sku, string Category)[] lines) =>
        new(Member(), Key("earn:" + orderId), orderId, at,
            lines.Select((l, i) => new PurchaseLine($"L{i}", l.Sku, l.Category, l.Units, Money.Of(l.Cents / 100m, "EUR"))).ToArray());
}

using System;
using Xunit;

namespace Loyalty.Sdk.Tests;

public sealed class PrimitivesTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("nul\0inside")]
    public void Ids_InvalidText_ThrowArgumentException(string value)
    {
        Assert.Throws<ArgumentException>(() => MemberId.From(value));
        Assert.Throws<ArgumentException>(() => ProgramId.From(value));
        Assert.Throws<ArgumentException>(() => IdempotencyKey.From(value));
    }

    [Theory]
    [InlineData(0xD800, false)]
    [InlineData(0xDBFF, true)]
    [InlineData(0xDC00, false)]
    [InlineData(0xDFFF, true)]
    public void Ids_UnpairedSurrogate_ThrowArgumentException(int surrogate, bool atEnd)
    {
        // Built here: xunit's test-case serialisation would replace a lone surrogate in [InlineData] with U+FFFD.
        var c = (char)surrogate;
        var value = atEnd ? "unpaired " + c : "unpaired " + c + " inside";
        Assert.Throws<ArgumentException>(() => MemberId.From(value));
        Assert.Throws<ArgumentException>(() => IdempotencyKey.From(value));
    }

    [Fact]
    public void Ids_Null_ThrowArgumentNullException() => Assert.Throws<ArgumentNullException>(() => MemberId.From(null!));

    [Fact]
    public void Ids_TooLong_ThrowArgumentException()
    {
        Assert.Throws<ArgumentException>(() => MemberId.From(new string('x', MemberId.MaxLength + 1)));
        Assert.Equal(MemberId.MaxLength, MemberId.From(new string('x', MemberId.MaxLength)).Value.Length);
        Assert.Throws<ArgumentException>(() => IdempotencyKey.From(new string('k', IdempotencyKey.MaxLength + 1)));
    }

    [Fact]
    public void Ids_NonBmpAndQuotes_KeptVerbatimAndCompareOrdinally()
    {
        var id = MemberId.From(" 𝄞 o'brien \"x\"; ");
        Assert.Equal(" 𝄞 o'brien \"x\"; ", id.Value);
        Assert.Equal(id, MemberId.From(" 𝄞 o'brien \"x\"; "));
        Assert.NotEqual(MemberId.From("a"), MemberId.From("A"));
        Assert.True(MemberId.From("B").CompareTo(MemberId.From("a")) < 0);
        Assert.True(default(MemberId).IsDefault);
    }

    [Fact]
    public void Points_Arithmetic_IsCheckedAndNeverWraps()
    {
        Assert.Equal(Points.FromInt64(5), Points.FromInt64(2) + Points.FromInt64(3));
        Assert.Equal(Points.FromInt64(-1), Points.FromInt64(2) - Points.FromInt64(3));
        Assert.Throws<OverflowException>(() => Points.FromInt64(long.MaxValue) + Points.FromInt64(1));
        Assert.Throws<OverflowException>(() => Points.FromInt64(long.MinValue) - Points.FromInt64(1));
        Assert.Throws<OverflowException>(() => -Points.FromInt64(long.MinValue));
        Assert.True(Points.FromInt64(1) > Points.Zero);
        Assert.Equal("-42", Points.FromInt64(-42).ToString());
    }

    [Theory]
    [InlineData("EUR")]
    [InlineData("CNY")]
    [InlineData("JPY")]
    [InlineData("XAU")]
    public void CurrencyCode_Iso4217_Parses(string code) => Assert.Equal(code, CurrencyCode.Parse(code).Code);

    [Theory]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("ZZZ")]
    [InlineData("")]
    public void CurrencyCode_Unknown_ThrowsArgumentException(string code)
    {
        Assert.Throws<ArgumentException>(() => CurrencyCode.Parse(code));
        Assert.False(CurrencyCode.TryParse(code, out _));
        Assert.Throws<ArgumentException>(() => Money.Of(1m, code));
    }

    [Fact]
    public void Money_DefaultCurrency_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => new Money(1m, default));

    [Fact]
    public void Money_KeepsExactDecimal() => Assert.Equal("0.10 EUR", Money.Of(0.10m, "EUR").ToString());
}

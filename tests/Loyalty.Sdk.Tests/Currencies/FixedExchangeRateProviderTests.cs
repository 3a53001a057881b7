using System;
using Loyalty.Sdk.Currencies;
using NodaTime;
using Xunit;

namespace Loyalty.Sdk.Tests.Currencies;

public sealed class FixedExchangeRateProviderTests
{
    private static readonly CurrencyCode Usd = CurrencyCode.Usd;
    private static readonly CurrencyCode Eur = CurrencyCode.Eur;

    [Fact]
    public void TryGetRate_DirectInverseAndIdentity()
    {
        var provider = new FixedExchangeRateProvider([(Usd, Eur, 0.8m)]);
        Assert.True(provider.TryGetRate(Usd, Eur, Instant.MinValue, out var direct));
        Assert.Equal(0.8m, direct);
        Assert.True(provider.TryGetRate(Eur, Usd, Instant.MinValue, out var inverse));
        Assert.Equal(1.25m, inverse);
        Assert.True(provider.TryGetRate(Eur, Eur, Instant.MinValue, out var same));
        Assert.Equal(1m, same);
        Assert.False(provider.TryGetRate(CurrencyCode.Parse("GBP"), Eur, Instant.MinValue, out _));
    }

    [Fact]
    public void Constructor_BadRates_Throw()
    {
        Assert.Throws<ArgumentException>(() => new FixedExchangeRateProvider([(Usd, Eur, 0m)]));
        Assert.Throws<ArgumentException>(() => new FixedExchangeRateProvider([(Usd, Eur, 0.8m), (Usd, Eur, 0.9m)]));
    }
}

using System;
using Loyalty.Sdk.Currencies;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using NodaTime;
using NodaTime.Testing;

namespace Loyalty.Sdk.Tests;

/// <summary>Builders for programs, engines and commands used across the tests.</summary>
internal static class TestPrograms
{
    public static readonly Instant Start = Instant.FromUtc(2026, 1, 15, 10, 0);

    public static readonly FixedExchangeRateProvider Rates = new([
        (CurrencyCode.Parse("USD"), CurrencyCode.Eur, 0.9m),
        (CurrencyCode.Parse("CNY"), CurrencyCode.Eur, 0.125m),
    ]);

    public static LoyaltyProgramBuilder Builder(string id = "shop") => new()
    {
        Id = id,
        BaseCurrency = "EUR",
        TimeZoneId = "Europe/Berlin",
        ExchangeRates = Rates,
    };

    public static LoyaltyProgram Program(Action<LoyaltyProgramBuilder>? configure = null)
    {
        var builder = Builder();
        configure?.Invoke(builder);
        return builder.Build();
    }

    public static (LoyaltyEngine Engine, FakeClock Clock, InMemoryLedgerStore Store) Engine(Action<LoyaltyProgramBuilder>? configure = null)
    {
        var store = new InMemoryLedgerStore();
        var clock = new FakeClock(Start);
        return (new LoyaltyEngine(Program(configure), store, clock), clock, store);
    }

    public static IdempotencyKey Key(string value) => IdempotencyKey.From(value);

    public static MemberId Member(string value = "alice") => MemberId.From(value);

    public static PurchaseLine Line(string id, int units, decimal price, string currency = "EUR", string category = "books") =>
        new(id, "sku-" + id, category, units, Money.Of(price, currency));

    public static EarnCommand Order(string orderId, params PurchaseLine[] lines) => Order(Member(), orderId, lines);

    public static EarnCommand Order(MemberId member, string orderId, params PurchaseLine[] lines) =>
        new(member, Key("earn:" + orderId), orderId, Start, lines);

    public static RedeemCommand Redeem(string key, long points, string member = "alice") =>
        new(Member(member), Key(key), Points.FromInt64(points));

    public static EarnActivityCommand Activity(string key, long points, string member = "alice") =>
        new(Member(member), Key(key), "review", Points.FromInt64(points));

    public static Points P(long value) => Points.FromInt64(value);
}

using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Configuration;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Rules;
using Loyalty.Sdk.Storage;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests.Configuration;

public sealed class LoyaltyProgramJsonTests
{
    private static string Sample => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "program.example.json"));

    [Fact]
    public void ReadBuilder_GivesTheSameProgramAsParse_AndCanBeChangedBeforeBuild()
    {
        var builder = LoyaltyProgramJson.ReadBuilder(Sample);
        Assert.Equal(LoyaltyProgramJson.Serialize(LoyaltyProgramJson.Parse(Sample)), LoyaltyProgramJson.Serialize(builder.Build()));

        builder.PendingDays = 30;
        builder.MaxPointsPerCommand = 10_000;
        var changed = builder.Build();
        Assert.Equal(30, changed.PendingDays);
        Assert.Equal(10_000, changed.MaxPointsPerCommand.Value);
        Assert.Throws<ProgramValidationException>(() => LoyaltyProgramJson.ReadBuilder("""{"id":"p","baseCurrency":"EUR","exchangeRates":[null]}"""));
    }

    [Fact]
    public void SampleFile_Parses_WithEveryRule()
    {
        var program = LoyaltyProgramJson.Parse(Sample);

        Assert.Equal("eu-shop", program.Id.Value);
        Assert.Equal("Europe/Berlin", program.TimeZone.Id);
        Assert.Equal(ExpiryPolicy.AfterMonths(12, ExpiryRounding.EndOfMonth), program.Expiry);
        Assert.Equal(5, program.Earning.Campaigns.Count);
        Assert.Equal(["gold"], program.Earning.Campaigns[3].Tiers);
        Assert.Equal(["student"], program.Earning.Campaigns[4].Segments);
        Assert.Equal(Loyalty.Sdk.Tiers.TierWindow.CalendarYear, program.Tiers!.Window);
        Assert.Equal(Period.FromMonths(1), program.Tiers.Grace);
        Assert.Equal(1200m, program.Tiers.Tiers[2].RetainThreshold);
        Assert.Equal(new LocalDate(2026, 11, 27), program.Earning.Campaigns[0].From);
        Assert.Contains(IsoDayOfWeek.Saturday, program.Earning.Campaigns[1].Weekdays);
        Assert.Equal(P(10_000), program.Earning.MaxPointsPerOrder);
        Assert.Equal(P(50_000), program.Earning.MaxPointsPerMemberPerPeriod);
        Assert.Equal(3, program.Earning.Activities["review"].MaxPerPeriod);
        Assert.Equal(CapPeriod.Year, program.Earning.Activities["birthday"].Period);
        Assert.Equal(0.5m, program.MaximumRedemptionShareOfOrder);
        Assert.True(program.ExchangeRates!.TryGetRate(CurrencyCode.Usd, CurrencyCode.Eur, Instant.MinValue, out var rate) && rate == 0.92m);

        var engagement = program.Engagement;
        Assert.Equal(6, engagement.Rewards.Count);
        Assert.Equal(Period.FromDays(30), engagement.FindReward("ten-off")!.VoucherValidity);
        Assert.Equal(Money.Of(1.99m, "EUR"), engagement.FindReward("express")!.Cash);
        Assert.Equal(new LocalDate(2026, 12, 24), engagement.FindReward("advent-box")!.AvailableUntil);
        Assert.Equal((100, CapPeriod.Day), (engagement.FindReward("advent-box")!.MaxPerPeriod, engagement.FindReward("advent-box")!.LimitPeriod));
        Assert.False(engagement.FindReward("birthday-gift")!.Redeemable);
        Assert.Equal(Loyalty.Sdk.Engagement.RewardKind.TierPerk, engagement.FindReward("gold-lounge")!.Kind);
        Assert.Equal(("review", 3, 150L), (engagement.Tasks[0].Action, engagement.Tasks[0].Count, engagement.Tasks[0].Points));
        Assert.Equal(0.1m, engagement.Perks[1].Value);
        Assert.Equal((Loyalty.Sdk.Engagement.CelebrationKind.MembershipAnniversary, 7), (engagement.Celebrations[1].Kind, engagement.Celebrations[1].GraceDays));
    }

    [Fact]
    public void Engagement_ProblemsAreListedWithTheirFields()
    {
        var currency = Assert.Throws<ProgramValidationException>(() => LoyaltyProgramJson.Parse(Sample.Replace("\"cashCurrency\": \"EUR\"", "\"cashCurrency\": \"EURO\"")));
        Assert.Contains(currency.Errors, e => e.StartsWith("engagement.rewards[2].cashCurrency: 'EURO'", StringComparison.Ordinal));
        var tier = Assert.Throws<ProgramValidationException>(() => LoyaltyProgramJson.Parse(Sample.Replace("\"points\": 500, \"minimumTier\": \"gold\"", "\"points\": 500, \"minimumTier\": \"platinum\"")));
        Assert.Contains(tier.Errors, e => e.Contains("reward 'gold-lounge': tier 'platinum' is not in the program's tier ladder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RoundTrip_IsLossless_AndTheProgramBehavesTheSame()
    {
        var original = LoyaltyProgramJson.Parse(Sample);
        var json = LoyaltyProgramJson.Serialize(original);
        var reparsed = LoyaltyProgramJson.Parse(json);
        Assert.Equal(json, LoyaltyProgramJson.Serialize(reparsed));

        var order = new EarnCommand(Member(), Key("k"), "o-1", Instant.FromUtc(2026, 11, 28, 10, 0), [
            Line("a", 2, 19.99m), Line("b", 1, 9.5m, category: "music"), Line("s", 1, 4.99m, category: "shipping"), Line("c", 3, 12m, "EUR", "toys"),
        ]);
        var a = await new LoyaltyEngine(original, new InMemoryLedgerStore(), new FakeClock(Start)).ExecuteAsync(order);
        var b = await new LoyaltyEngine(reparsed, new InMemoryLedgerStore(), new FakeClock(Start)).ExecuteAsync(order);
        Assert.Equal(a.Accrual!.Lines.Select(l => (l.Points, string.Join(",", l.Rules))), b.Accrual!.Lines.Select(l => (l.Points, string.Join(",", l.Rules))));
        Assert.Contains("campaign:black-friday×3", a.Accrual.Lines[0].Rules);
    }

    [Theory]
    [InlineData("{ \"id\": \"x\", ", "$")]
    [InlineData("{ \"id\": \"x\", \"baseCurrency\": \"EUR\", \"pendingDays\": \"soon\" }", "$.pendingDays")]
    [InlineData("{ \"id\": \"x\", \"baseCurrency\": \"EUR\", \"colour\": \"blue\" }", "colour")]
    [InlineData("{ \"id\": \"x\", \"baseCurrency\": \"EUR\", \"rounding\": \"sideways\" }", "$.rounding")]
    [InlineData("{ \"id\": \"x\", \"baseCurrency\": \"EUR\", \"earning\": { \"campaigns\": [ { \"id\": \"c\", \"multiplier\": 2, \"from\": \"2026-02-30\" } ] } }", "$.earning.campaigns[0].from")]
    public void MalformedJson_NamesThePath(string json, string path)
    {
        var ex = Assert.Throws<ProgramValidationException>(() => LoyaltyProgramJson.Parse(json));
        Assert.Contains(path, Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidValues_AreAllListedWithTheirFields()
    {
        const string json = """
            {
              "id": "x", "baseCurrency": "EURO", "timeZone": "Mars/Base", "pendingDays": -1,
              "exchangeRates": [ { "from": "USD", "to": "EUR", "rate": 0 } ],
              "earning": { "campaigns": [ { "id": "c", "multiplier": 0 } ], "maxPointsPerOrder": 0, "activities": [ { "activityType": "review", "points": 0 } ] }
            }
            """;
        var nested = Assert.Throws<ProgramValidationException>(() => LoyaltyProgramJson.Parse(json));
        Assert.Contains(nested.Errors, e => e.StartsWith("exchangeRates", StringComparison.Ordinal));
        Assert.Contains(nested.Errors, e => e.StartsWith("earning.campaigns[0]", StringComparison.Ordinal));
        Assert.Contains(nested.Errors, e => e.StartsWith("earning.activities[0]", StringComparison.Ordinal));
        Assert.Contains(nested.Errors, e => e.StartsWith("earning:", StringComparison.Ordinal));

        var flat = Assert.Throws<ProgramValidationException>(() => LoyaltyProgramJson.Parse(json.Replace("\"rate\": 0", "\"rate\": 1", StringComparison.Ordinal).Replace("\"multiplier\": 0", "\"multiplier\": 2", StringComparison.Ordinal).Replace("\"maxPointsPerOrder\": 0", "\"maxPointsPerOrder\": 5", StringComparison.Ordinal).Replace("\"points\": 0", "\"points\": 5", StringComparison.Ordinal)));
        Assert.Equal(new[] { "BaseCurrency", "TimeZoneId", "PendingDays" }, flat.Errors.Select(e => e.Split(':')[0]));
    }

    [Fact]
    public void Serialize_ProgramWithCustomRateProvider_IsNotSupported()
    {
        var program = Program(b => b.ExchangeRates = new CustomRates());
        Assert.Throws<NotSupportedException>(() => LoyaltyProgramJson.Serialize(program));
    }

    private sealed class CustomRates : Loyalty.Sdk.Currencies.IExchangeRateProvider
    {
        public bool TryGetRate(CurrencyCode from, CurrencyCode to, Instant at, out decimal rate)
        {
            rate = 1m;
            return true;
        }
    }
}

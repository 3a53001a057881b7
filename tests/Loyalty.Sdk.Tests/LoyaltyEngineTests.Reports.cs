using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using NodaTime;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests;

public sealed partial class LoyaltyEngineTests
{
    [Fact]
    public async Task Liability_AndBreakageByEarningMonth_AreTimeDerivedAndIndependentOfTheExpiryJob()
    {
        var (engine, clock, _) = Engine(b =>
        {
            b.Expiry = ExpiryPolicy.AfterDays(60);
            b.CostPerPoint = 0.005m;
        });
        await engine.ExecuteAsync(Activity("a1", 100, "ana")); // 15 Jan: expires at the start of 17 Mar (Berlin)
        await engine.ExecuteAsync(Activity("b1", 50, "ben"));
        clock.Advance(Duration.FromDays(5));
        await engine.ExecuteAsync(Redeem("r1", 30, "ana")); // 70 of Ana's January points left
        clock.Advance(Duration.FromDays(26)); // 15 Feb
        await engine.ExecuteAsync(Activity("b2", 80, "ben")); // expires mid-April
        var april = Instant.FromUtc(2026, 4, 1, 0, 0);

        var february = await engine.Reports.GetLiabilityAsync(Instant.FromUtc(2026, 2, 1, 0, 0));
        Assert.Equal(120, february.Outstanding);

        var liability = await engine.Reports.GetLiabilityAsync(april, pageSize: 1);
        Assert.Equal(2, liability.Members);
        Assert.Equal(80, liability.Outstanding);
        Assert.Equal(0.40m, liability.Value);

        var breakage = await engine.Reports.GetBreakageAsync(april);
        Assert.Equal(new[] { new YearMonth(2026, 1), new YearMonth(2026, 2) }, breakage.Select(b => b.Month));
        Assert.Equal(((System.Int128)150, (System.Int128)120, 0.8m), (breakage[0].Earned, breakage[0].Expired, breakage[0].Rate));
        Assert.Equal(((System.Int128)80, (System.Int128)0, 0m), (breakage[1].Earned, breakage[1].Expired, breakage[1].Rate));

        // After the expiry job has materialised everything, the same instant reports the same figures.
        clock.Reset(april);
        await engine.Jobs.RunExpiryAsync();
        Assert.Equal(breakage, await engine.Reports.GetBreakageAsync(april));
        Assert.Equal(liability, await engine.Reports.GetLiabilityAsync(april, pageSize: 1));
    }
}

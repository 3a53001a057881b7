using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using NodaTime;
using Xunit;

namespace Loyalty.Sdk.Benchmarks.Tests;

/// <summary>
/// The scale curve cannot rot: its ledger is built through the import at a small size and every measured operation
/// runs once on it, and the report turns a BenchmarkDotNet CSV into the table and the plot.
/// </summary>
public sealed class ScaleCurveSmokeTests
{
    [Fact]
    public async Task TheScaleLedger_BuildsTenEntriesPerMember_AndEveryMeasuredOperationRuns()
    {
        await using var ledger = await ScaleLedger.CreateAsync("sqlite", 720);
        await ledger.BuildAsync();
        Assert.Equal(7_200, ledger.Entries); // eight earns, a review and a redemption each
        Assert.True(ledger.ImportPerSecond > 0);
        Assert.True(await ledger.BytesAsync() > 0);

        Assert.Equal(LedgerOutcome.Committed, (await ledger.EarnAsync(3)).Outcome);
        Assert.Equal(LedgerOutcome.Committed, (await ledger.RedeemAsync(3)).Outcome);
        var past = await ledger.Engine.GetBalanceAsync(ScaleLedger.Member(3), ScaleLedger.End - Duration.FromDays(100));
        var now = await ledger.Engine.GetBalanceAsync(ScaleLedger.Member(3));
        Assert.True(past.Total.Value > 0 && past.Total != now.Total);
        var statement = await ledger.Engine.Reports.GetStatementAsync(ScaleLedger.Member(3), ScaleLedger.End - Duration.FromDays(365), ScaleLedger.End);
        Assert.Equal(12, statement.Lines.Count); // its ten, and the earn and redemption just made

        // Day by day after the end, a 36th of the members (20 here) have lots expiring.
        ledger.Clock.Reset(ScaleLedger.End + Duration.FromDays(1));
        await ledger.Engine.Jobs.RunExpiryAsync();
        ledger.Clock.Reset(ScaleLedger.End + Duration.FromDays(2));
        var run = await ledger.Engine.Jobs.RunExpiryAsync();
        Assert.Equal(20, run.AccountsScanned);
        Assert.Equal(20, run.EntriesWritten);
        var liability = await ledger.Engine.Reports.GetLiabilityAsync();
        Assert.True(liability.Outstanding > 0 && liability.Members == 720);
        var month = ScaleLedger.End.InUtc().Date.PlusMonths(-2);
        var board = await ledger.Engine.Reports.GetLeaderboardAsync(new DateInterval(month, month.PlusMonths(1).PlusDays(-1)));
        Assert.True(board.Count > 0);
    }

    [Fact]
    public void TheReport_ReadsBenchmarkDotNetTimes_AndDrawsOneLinePerOperation()
    {
        Assert.Equal(1_234.5, ScaleReport.Micros("1,234.5 μs"), 6);
        Assert.Equal(2_500, ScaleReport.Micros("2.5 ms"), 6);
        Assert.Equal(0.8, ScaleReport.Micros("800 ns"), 6);
        var svg = ScaleReport.Svg([("Earn", "sqlite", 10_000, 100), ("Earn", "sqlite", 100_000, 110), ("Liability", "sqlite", 10_000, 5_000), ("Liability", "sqlite", 100_000, 50_000)]);
        Assert.Equal(2, svg.Split("<polyline").Length - 1);
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
    }
}

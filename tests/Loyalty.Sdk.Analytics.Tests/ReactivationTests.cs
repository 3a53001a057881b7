using System;
using System.Globalization;
using System.IO;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Analytics.Reactivation;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;
using Loyalty.Sdk.Tests.Shared;
using Xunit;

namespace Loyalty.Sdk.Analytics.Tests;

public sealed class ReactivationTests
{
    /// <summary>On CDNOW, against a slow reference written from the definition, for several thresholds.</summary>
    [Theory]
    [InlineData(30)]
    [InlineData(90)]
    [InlineData(180)]
    public void Cdnow_AgreesWithTheReference(int dormancy)
    {
        var records = File.ReadLines(SharedData.File("cdnow", "CDNOW_master.txt")).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => new PurchaseRecord(f[0], LocalDate.FromDateTime(DateTime.ParseExact(f[1], "yyyyMMdd", CultureInfo.InvariantCulture)).At(new LocalTime(12, 0)).InUtc().ToInstant()))
            .ToArray();
        var table = PurchaseTable.FromRecords(records, DateTimeZone.Utc);
        var options = new ReactivationOptions { DormancyDays = dormancy, WithinDays = [30, 90, 365], AsOf = new LocalDate(1998, 6, 30) };
        var report = ReactivationAnalysis.Compute(table, options);
        AssertMatchesReference(report, records.Select(r => (r.CustomerId, r.At.InUtc().Date)).ToArray(), options);
        Assert.True(report.Reactivations > 1000 && report.DormantCustomers > report.ReactivatedCustomers, $"{report.Reactivations} / {report.DormantCustomers}");
    }

    /// <summary>The laws: the report does not depend on record order; counts are consistent; rates are shares.</summary>
    [Fact]
    public void Laws_OrderInvariant_CountsConsistent()
    {
        var purchases = Gen.ArrayOf(from c in Gen.Choose(0, 6) from d in Gen.Choose(0, 400) select (c, d)).Where(a => a.Length > 0);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true), Prop.ForAll(purchases.ToArbitrary(), Gen.Choose(1, 120).ToArbitrary(), (rows, dormancy) =>
        {
            var start = new LocalDate(2024, 1, 1);
            var records = rows.Select(r => ($"c{r.c}", start.PlusDays(r.d))).ToArray();
            var options = new ReactivationOptions { DormancyDays = dormancy, WithinDays = [7, 60] };
            var report = Compute(records, options);
            Assert.Equal(Summary(report), Summary(Compute([.. records.Reverse()], options)));
            AssertMatchesReference(report, records, options with { AsOf = report.AsOf });
            Assert.Equal(report.Reactivations, report.ByMonth.Sum(m => m.Reactivations));
            Assert.True(report.Reactivations <= report.DormantSpells && report.ReactivatedCustomers <= report.DormantCustomers);
            Assert.All(report.Within, w => Assert.True(w.Reactivated <= w.Observable && w.Rate is null or (>= 0 and <= 1)));
        }));
    }

    private static ReactivationReport Compute((string Customer, LocalDate Day)[] records, ReactivationOptions options) =>
        ReactivationAnalysis.Compute(PurchaseTable.FromRecords(records.Select(r => new PurchaseRecord(r.Customer, r.Day.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant())), DateTimeZone.Utc), options);

    private static string Summary(ReactivationReport r) =>
        $"{r.AsOf}|{r.DormantSpells}|{r.DormantCustomers}|{r.Reactivations}|{r.ReactivatedCustomers}|{string.Join(",", r.ByMonth)}|{string.Join(",", r.Within)}";

    /// <summary>The definition, customer by customer, with LINQ.</summary>
    private static void AssertMatchesReference(ReactivationReport report, (string Customer, LocalDate Day)[] records, ReactivationOptions options)
    {
        var end = options.AsOf!.Value;
        var spells = records.Where(r => r.Day <= end).GroupBy(r => r.Customer).SelectMany(g =>
        {
            var days = g.Select(r => r.Day).Distinct().Order().ToArray();
            return days.Select((d, i) => (Customer: g.Key, Start: d.PlusDays(options.DormancyDays), Next: i + 1 < days.Length ? days[i + 1] : (LocalDate?)null))
                .Where(s => s.Start <= end && (s.Next is null || s.Next > s.Start));
        }).ToList();
        Assert.Equal(spells.Count, report.DormantSpells);
        Assert.Equal(spells.Select(s => s.Customer).Distinct().Count(), report.DormantCustomers);
        var returned = spells.Where(s => s.Next is not null).ToList();
        Assert.Equal(returned.Count, report.Reactivations);
        Assert.Equal(returned.Select(s => s.Customer).Distinct().Count(), report.ReactivatedCustomers);
        var byMonth = returned.GroupBy(s => new LocalDate(s.Next!.Value.Year, s.Next.Value.Month, 1)).OrderBy(g => g.Key)
            .Select(g => new ReactivationMonth(g.Key, g.Count(), g.Select(s => s.Customer).Distinct().Count()));
        Assert.Equal(byMonth, report.ByMonth);
        var within = options.WithinDays.Select(n =>
        {
            var observable = spells.Where(s => s.Start.PlusDays(n) <= end).ToList();
            return new ReactivationWindow(n, observable.Count, observable.Count(s => s.Next is { } next && next <= s.Start.PlusDays(n)));
        });
        Assert.Equal(within, report.Within);
    }
}

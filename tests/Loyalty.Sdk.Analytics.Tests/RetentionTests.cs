using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;
using Loyalty.Sdk.Tests.Shared;
using Xunit;

namespace Loyalty.Sdk.Analytics.Tests;

public sealed class RetentionTests
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly LocalDate Day0 = new(2026, 1, 1);

    /// <summary>An independent, slow reference: group the records by customer and test each definition literally.</summary>
    private static (Dictionary<LocalDate, (int Size, (int Observable, int Retained)[] Cells)> Cohorts, (int Observable, int Retained)[] Overall) Reference(
        IReadOnlyList<PurchaseRecord> records, DateTimeZone zone, RetentionOptions options)
    {
        var dated = records.Select(r => (r.CustomerId, Date: r.At.InZone(zone).Date)).ToList();
        var asOf = options.AsOf ?? (dated.Count == 0 ? Day0 : dated.Max(d => d.Date));
        var offsets = options.Days.OrderBy(d => d).ToArray();
        var cohorts = new Dictionary<LocalDate, (int Size, (int Observable, int Retained)[] Cells)>();
        foreach (var customer in dated.Where(d => d.Date <= asOf).GroupBy(d => d.CustomerId))
        {
            var dates = customer.Select(d => d.Date).ToHashSet();
            var first = dates.Min();
            var cohort = options.Grouping switch
            {
                CohortGrouping.Day => first,
                CohortGrouping.IsoWeek => first.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)),
                _ => first.With(DateAdjusters.StartOfMonth),
            };
            if (!cohorts.TryGetValue(cohort, out var row))
            {
                row = (0, new (int, int)[offsets.Length]);
            }

            row.Size++;
            for (var k = 0; k < offsets.Length; k++)
            {
                var target = first.PlusDays(offsets[k]);
                if (target > asOf)
                {
                    continue;
                }

                var retained = options.Definition switch
                {
                    RetentionDefinition.Exact => dates.Contains(target),
                    RetentionDefinition.OnOrAfter => dates.Any(d => d >= target),
                    _ => dates.Any(d => d > first && d <= target),
                };
                row.Cells[k] = (row.Cells[k].Observable + 1, row.Cells[k].Retained + (retained ? 1 : 0));
            }

            cohorts[cohort] = row;
        }

        var overall = offsets.Select((_, k) => (cohorts.Values.Sum(r => r.Cells[k].Observable), cohorts.Values.Sum(r => r.Cells[k].Retained))).ToArray();
        return (cohorts, overall);
    }

    private static void AssertMatchesReference(RetentionReport report, IReadOnlyList<PurchaseRecord> records, DateTimeZone zone, RetentionOptions options)
    {
        var (cohorts, overall) = Reference(records, zone, options);
        Assert.Equal(cohorts.Keys.OrderBy(k => k), report.Cohorts.Select(c => c.Cohort));
        foreach (var row in report.Cohorts)
        {
            var expected = cohorts[row.Cohort];
            Assert.Equal(expected.Size, row.Size);
            for (var k = 0; k < report.Days.Count; k++)
            {
                var cell = row.Cells[k];
                Assert.Equal(expected.Cells[k].Observable, cell?.Observable ?? 0);
                Assert.Equal(expected.Cells[k].Retained, cell?.Retained ?? 0);
                Assert.True(cell is null || cell.Value.Observable > 0, "an unobservable cell must be null, not zero");
            }
        }

        for (var k = 0; k < report.Days.Count; k++)
        {
            Assert.Equal(overall[k].Observable, report.Overall[k]?.Observable ?? 0);
            Assert.Equal(overall[k].Retained, report.Overall[k]?.Retained ?? 0);
        }
    }

    private static readonly Gen<PurchaseRecord[]> Histories =
        Gen.ArrayOf(
            from customer in Gen.Choose(0, 25)
            from day in Gen.Choose(0, 90)
            from minute in Gen.Choose(0, (24 * 60) - 1)
            select new PurchaseRecord($"c{customer}", new LocalDate(2026, 3, 1).PlusDays(day).At(LocalTime.FromMinutesSinceMidnight(minute)).InZoneLeniently(Berlin).ToInstant()));

    private static readonly Gen<RetentionOptions> OptionSets =
        from definition in Gen.Elements(RetentionDefinition.Exact, RetentionDefinition.OnOrAfter, RetentionDefinition.Within)
        from grouping in Gen.Elements(CohortGrouping.Day, CohortGrouping.IsoWeek, CohortGrouping.Month)
        from days in Gen.SubListOf(new[] { 1, 2, 3, 7, 14, 30, 60 }).Where(l => l.Count > 0)
        from asOf in Gen.Choose(-1, 100)
        from workers in Gen.Elements<int?>(null, 1, 2, 3)
        select new RetentionOptions
        {
            MaxDegreeOfParallelism = workers,
            Definition = definition,
            Grouping = grouping,
            Days = days.ToArray(),
            AsOf = asOf < 0 ? null : new LocalDate(2026, 3, 1).PlusDays(asOf),
        };

    [Fact]
    public void Retention_EqualsTheReference_AndObeysItsLaws()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true), Prop.ForAll(Histories.ToArbitrary(), OptionSets.ToArbitrary(), (records, options) =>
        {
            var report = CohortRetention.Compute(PurchaseTable.FromRecords(records, Berlin), options);
            AssertMatchesReference(report, records, Berlin, options);

            foreach (var row in report.Cohorts)
            {
                foreach (var cell in row.Cells.Where(c => c is not null).Select(c => c!.Value))
                {
                    Assert.InRange(cell.Rate, 0d, 1d);
                    Assert.True(cell.Retained <= cell.Observable && cell.Observable <= row.Size);
                }

                // With the same customers observable, `within` can only grow with N and `on-or-after` only shrink.
                for (var k = 1; k < report.Days.Count; k++)
                {
                    if (row.Cells[k - 1] is { } shorter && row.Cells[k] is { } longer && shorter.Observable == longer.Observable)
                    {
                        if (options.Definition == RetentionDefinition.Within)
                        {
                            Assert.True(shorter.Retained <= longer.Retained);
                        }
                        else if (options.Definition == RetentionDefinition.OnOrAfter)
                        {
                            Assert.True(shorter.Retained >= longer.Retained);
                        }
                    }
                }
            }

            // Permuting the records changes nothing.
            var shuffled = records.Reverse().OrderBy(r => r.At.ToUnixTimeTicks() % 7).ToArray();
            Assert.Equal(Describe(report), Describe(CohortRetention.Compute(PurchaseTable.FromRecords(shuffled, Berlin), options)));
        }));
    }

    [Fact]
    public void Retention_IsTheSameInAnyZone_WhenEveryPurchaseIsAtLocalNoon()
    {
        var zones = new[] { "Etc/UTC", "Pacific/Kiritimati", "America/Sao_Paulo", "Asia/Kathmandu", "Pacific/Pago_Pago" }.Select(z => DateTimeZoneProviders.Tzdb[z]).ToArray();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true), Prop.ForAll(
            Gen.ArrayOf(from c in Gen.Choose(0, 20) from d in Gen.Choose(0, 60) select (c, d)).ToArbitrary(),
            OptionSets.ToArbitrary(),
            (purchases, options) =>
            {
                string ReportIn(DateTimeZone zone) => Describe(CohortRetention.Compute(
                    PurchaseTable.FromRecords(purchases.Select(p => new PurchaseRecord($"c{p.c}", new LocalDate(2026, 3, 1).PlusDays(p.d).At(new LocalTime(12, 0)).InZoneLeniently(zone).ToInstant())), zone),
                    options));
                var expected = ReportIn(zones[0]);
                Assert.All(zones.Skip(1), z => Assert.Equal(expected, ReportIn(z)));
            }));
    }

    [Fact]
    public void Columns_BuiltByHand_GiveTheSameAnswerAsRecords()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true), Prop.ForAll(Histories.ToArbitrary(), OptionSets.ToArbitrary(), (records, options) =>
        {
            var ids = records.Select(r => r.CustomerId).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
            var table = new PurchaseTable(
                records.Select(r => ids.IndexOf(r.CustomerId)).ToArray(),
                records.Select(r => PurchaseTable.DayNumber(r.At.InZone(Berlin).Date)).ToArray(),
                ids.Count);
            Assert.Equal(Describe(CohortRetention.Compute(PurchaseTable.FromRecords(records, Berlin), options)), Describe(CohortRetention.Compute(table, options)));
        }));
    }

    private static string Describe(RetentionReport report) =>
        $"{report.AsOf} " + string.Join(";", report.Overall.Select(c => c?.ToString() ?? "-")) + " | " +
        string.Join(" / ", report.Cohorts.Select(c => $"{c.Cohort}:{c.Size}:" + string.Join(",", c.Cells.Select(x => x?.ToString() ?? "-"))));

    private static PurchaseRecord At(string customer, int y, int m, int d, int h, int min, DateTimeZone zone) =>
        new(customer, new LocalDateTime(y, m, d, h, min).InZoneLeniently(zone).ToInstant());

    [Fact]
    public void DstTransitionDays_CountByLocalDate()
    {
        // Berlin's 25 October 2026 has 25 hours; 23:30 local that day is still the 25th, and D1 is the 26th.
        var records = new[]
        {
            At("a", 2026, 10, 25, 0, 30, Berlin),
            At("a", 2026, 10, 26, 23, 59, Berlin),
            At("b", 2026, 10, 25, 23, 30, Berlin),
            At("b", 2026, 10, 27, 0, 1, Berlin),
        };
        var report = CohortRetention.Compute(PurchaseTable.FromRecords(records, Berlin), new RetentionOptions { Days = [1, 2] });
        var row = Assert.Single(report.Cohorts);
        Assert.Equal(new LocalDate(2026, 10, 25), row.Cohort);
        Assert.Equal(new RetentionCell(2, 1), row.Cells[0]); // a on D1
        Assert.Equal(new RetentionCell(2, 1), row.Cells[1]); // b on D2
    }

    [Fact]
    public void IsoWeekCohorts_SpanNewYear_AndFirstPurchasesAfterAsOfAreExcluded()
    {
        var records = new[]
        {
            At("a", 2026, 12, 31, 12, 0, Berlin), // Thursday of the week starting Monday 28 December 2026
            At("b", 2027, 1, 3, 12, 0, Berlin),   // Sunday, same ISO week (2026-W53)
            At("c", 2027, 1, 4, 12, 0, Berlin),   // Monday: the next week
            At("a", 2027, 1, 7, 12, 0, Berlin),
            At("late", 2027, 1, 20, 12, 0, Berlin),
        };
        var report = CohortRetention.Compute(
            PurchaseTable.FromRecords(records, Berlin),
            new RetentionOptions { Days = [7], Grouping = CohortGrouping.IsoWeek, AsOf = new LocalDate(2027, 1, 12) });

        Assert.Equal(new[] { new LocalDate(2026, 12, 28), new LocalDate(2027, 1, 4) }, report.Cohorts.Select(c => c.Cohort));
        Assert.Equal(2, report.Cohorts[0].Size);
        Assert.Equal(new RetentionCell(2, 1), report.Cohorts[0].Cells[0]); // a: 31 Dec + 7 = 7 Jan
        Assert.Equal(new RetentionCell(1, 0), report.Cohorts[1].Cells[0]); // c: 4 Jan + 7 = 11 Jan ≤ as-of
        Assert.DoesNotContain(report.Cohorts, c => c.Size > 2);
        Assert.Equal(new RetentionCell(3, 1), report.Overall[0]);
    }

    [Fact]
    public void Repeat_CountsDistinctOrders_AndTheTimeToTheSecond()
    {
        var records = new[]
        {
            new PurchaseRecord("a", Instant.FromUtc(2026, 3, 1, 10, 0), "o1"),
            new PurchaseRecord("a", Instant.FromUtc(2026, 3, 1, 10, 0), "o1"), // a second line of the same order
            new PurchaseRecord("b", Instant.FromUtc(2026, 3, 1, 10, 0), "o1"), // another customer's o1
            new PurchaseRecord("b", Instant.FromUtc(2026, 3, 5, 10, 0), "o2"),
            new PurchaseRecord("c", Instant.FromUtc(2026, 3, 2, 10, 0), "o9"),
            new PurchaseRecord("c", Instant.FromUtc(2026, 3, 30, 10, 0), "o10"),
            new PurchaseRecord("c", Instant.FromUtc(2026, 3, 31, 10, 0), "o11"),
        };
        var report = PurchaseRates.Repeat(PurchaseTable.FromRecords(records, DateTimeZone.Utc), [7, 30]);
        Assert.Equal(3, report.Customers);
        Assert.Equal(2, report.Repeaters);
        Assert.Equal(2d / 3, report.Rate, 12);
        Assert.Equal(new RetentionCell(3, 1), report.Within[0]); // b within 7 days
        Assert.Equal(new RetentionCell(2, 1), report.Within[1]); // a (one order) and b observable for 30 days; c is not (2 + 30 > 31)
        Assert.Equal(new Quartiles(10, 16, 22, 2), report.DaysToSecondOrder); // 4 and 28 days

        var withoutOrderIds = PurchaseRates.Repeat(PurchaseTable.FromRecords(records.Select(r => r with { OrderId = null }), DateTimeZone.Utc));
        Assert.Equal(3, withoutOrderIds.Repeaters); // each record is an order
    }

    [Fact]
    public void Cross_CountsCustomersByCategory_AndTheConditionalMatrix()
    {
        var t = Instant.FromUtc(2026, 3, 1, 10, 0);
        var records = new[]
        {
            new PurchaseRecord("a", t, Category: "books"), new PurchaseRecord("a", t, Category: "music"), new PurchaseRecord("a", t, Category: "books"),
            new PurchaseRecord("b", t, Category: "books"),
            new PurchaseRecord("c", t, Category: "music"), new PurchaseRecord("c", t, Category: "toys"),
            new PurchaseRecord("d", t),
        };
        var report = PurchaseRates.Cross(PurchaseTable.FromRecords(records, DateTimeZone.Utc));
        Assert.Equal(3, report.Customers);
        Assert.Equal(2, report.MultiCategory);
        Assert.Equal(new[] { "books", "music", "toys" }, report.Categories);
        Assert.Equal(new[] { 2, 2, 1 }, report.Bought);
        Assert.Equal(0.5, report.Conditional(0, 1)); // P(music | books) = 1 / 2
        Assert.Equal(1.0, report.Conditional(2, 1)); // P(music | toys)
        Assert.Equal(0.0, report.Conditional(0, 2));
        Assert.Throws<ArgumentException>(() => PurchaseRates.Cross(PurchaseTable.FromRecords([records[^1]], DateTimeZone.Utc)));
    }

    [Fact]
    public void RepeatAndCross_EqualTheReference_ForFewAndManyCategories()
    {
        var gen =
            from categoryCount in Gen.Elements(3, 40, 64)
            from rows in Gen.ArrayOf(
                from customer in Gen.Choose(0, 15)
                from day in Gen.Choose(0, 40)
                from order in Gen.Choose(-1, 12)
                from category in Gen.Choose(-1, categoryCount - 1)
                select (customer, day, order, category))
            from asOf in Gen.Choose(-1, 45)
            select (categoryCount, rows, asOf);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true), Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (categoryCount, rows, asOfIndex) = input;
            var start = new LocalDate(2026, 3, 1);
            LocalDate? asOf = asOfIndex < 0 ? null : start.PlusDays(asOfIndex);
            var records = rows.Select(r => new PurchaseRecord(
                $"c{r.customer}",
                start.PlusDays(r.day).At(new LocalTime(12, 0)).InUtc().ToInstant(),
                r.order < 0 ? null : $"o{r.order}",
                Category: r.category < 0 ? null : $"k{r.category}")).ToArray();
            var table = PurchaseTable.FromRecords(records, DateTimeZone.Utc);
            var end = asOf ?? (rows.Length == 0 ? start : start.PlusDays(rows.Max(r => r.day)));
            var seen = records.Where(r => r.At.InUtc().Date <= end).ToArray();

            // Repeat: orders are distinct (customer, order id), or single records without an id.
            var orders = seen.GroupBy(r => r.CustomerId).Select(g => g
                .Select((r, i) => (Key: r.OrderId ?? $"#{i}", Day: r.At.InUtc().Date))
                .GroupBy(o => o.Key).Select(o => o.Min(x => x.Day)).OrderBy(d => d).ToArray()).ToArray();
            var repeat = PurchaseRates.Repeat(table, [3, 10], asOf);
            Assert.Equal(orders.Length, repeat.Customers);
            Assert.Equal(orders.Count(o => o.Length >= 2), repeat.Repeaters);
            Assert.Equal(orders.Count(o => o[0].PlusDays(10) <= end && o.Length >= 2 && o[1] <= o[0].PlusDays(10)), repeat.Within[1].Retained);

            // Cross: distinct categories per customer.
            if (records.All(r => r.Category is null))
            {
                return;
            }

            // The many-categories path (sorted pairs) gives what the bit-mask path gives.
            var wide = new PurchaseTable(table.Customers, table.Days, table.CustomerCount, table.Orders, table.OrderCount, table.Categories, 100);
            var wideCross = PurchaseRates.Cross(wide, asOf);
            var narrowCross = PurchaseRates.Cross(new PurchaseTable(table.Customers, table.Days, table.CustomerCount, table.Orders, table.OrderCount, table.Categories, 64), asOf);
            Assert.Equal((narrowCross.Customers, narrowCross.MultiCategory), (wideCross.Customers, wideCross.MultiCategory));
            Assert.Equal(narrowCross.Bought, wideCross.Bought.Take(64));
            Assert.True(Enumerable.Range(0, 64).All(a => Enumerable.Range(0, 64).All(b => narrowCross.Both[a, b] == wideCross.Both[a, b])));

            var sets = seen.Where(r => r.Category is not null).GroupBy(r => r.CustomerId).Select(g => g.Select(r => r.Category!).ToHashSet()).ToArray();
            var cross = PurchaseRates.Cross(table, asOf);
            Assert.Equal(sets.Length, cross.Customers);
            Assert.Equal(sets.Count(x => x.Count >= 2), cross.MultiCategory);
            for (var a = 0; a < cross.Categories.Count; a++)
            {
                Assert.Equal(sets.Count(x => x.Contains(cross.Categories[a])), cross.Bought[a]);
                for (var b = 0; b < cross.Categories.Count; b++)
                {
                    Assert.Equal(sets.Count(x => x.Contains(cross.Categories[a]) && x.Contains(cross.Categories[b])), cross.Both[a, b]);
                }
            }
        }));
    }

    [Fact]
    public void Options_AreValidated_AndCancellationIsHonoured()
    {
        var table = PurchaseTable.FromRecords([new PurchaseRecord("a", Instant.FromUtc(2026, 3, 1, 10, 0))], DateTimeZone.Utc);
        Assert.Throws<ArgumentException>(() => CohortRetention.Compute(table, new RetentionOptions { Days = [] }));
        Assert.Throws<ArgumentException>(() => CohortRetention.Compute(table, new RetentionOptions { Days = [7, 7] }));
        Assert.Throws<ArgumentException>(() => CohortRetention.Compute(table, new RetentionOptions { Days = [0] }));
        Assert.Throws<ArgumentException>(() => new PurchaseTable([0, 1], [1, 2], 1));
        using var cancelled = new System.Threading.CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => CohortRetention.Compute(table, cancellationToken: cancelled.Token));
        var reports = new List<double>();
        CohortRetention.Compute(table, progress: new SynchronousProgress(reports.Add));
        Assert.Equal(1d, reports[^1]);
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    [Fact]
    public void Cdnow_AgreesWithTheReference_ForEveryDefinition()
    {
        var path = SharedData.File("cdnow", "CDNOW_master.txt");
        var records = File.ReadLines(path).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => new PurchaseRecord(f[0], LocalDate.FromDateTime(DateTime.ParseExact(f[1], "yyyyMMdd", CultureInfo.InvariantCulture)).At(new LocalTime(12, 0)).InUtc().ToInstant()))
            .ToArray();
        Assert.Equal(69659, records.Length);
        var table = PurchaseTable.FromRecords(records, DateTimeZone.Utc);
        Assert.Equal(23570, table.CustomerCount);
        foreach (var definition in new[] { RetentionDefinition.Exact, RetentionDefinition.OnOrAfter, RetentionDefinition.Within })
        {
            var options = new RetentionOptions { Definition = definition, Grouping = CohortGrouping.Month, Days = [1, 7, 30, 90] };
            AssertMatchesReference(CohortRetention.Compute(table, options), records, DateTimeZone.Utc, options);
        }

        // All 23,570 customers joined in January–March 1997 and are observable for 90 days by 30 June 1998.
        var within = CohortRetention.Compute(table, new RetentionOptions { Definition = RetentionDefinition.Within, Grouping = CohortGrouping.Month, Days = [90] });
        Assert.Equal(3, within.Cohorts.Count);
        Assert.Equal(23570, within.Overall[0]!.Value.Observable);
    }
}

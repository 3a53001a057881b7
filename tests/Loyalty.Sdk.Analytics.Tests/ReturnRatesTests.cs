using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Returns;
using NodaTime;
using Xunit;

namespace Loyalty.Sdk.Analytics.Tests;

public sealed class ReturnRatesTests
{
    /// <summary>
    /// The laws: groups that cover every customer add up to the overall row; cohorts are such groups; a customer's
    /// returns count in their own group only; the returned share is at most the returned amount over the amount.
    /// </summary>
    [Fact]
    public void Laws_GroupsAddUpToOverall()
    {
        var purchases = Gen.ArrayOf(from c in Gen.Choose(0, 5) from d in Gen.Choose(0, 90) from o in Gen.Choose(-1, 8) from a in Gen.Choose(1, 500) select (c, d, o, a)).Where(a => a.Length > 0);
        var returns = Gen.ArrayOf(from c in Gen.Choose(0, 5) from o in Gen.Choose(-1, 4) from a in Gen.Choose(1, 300) select (c, o, a));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true), Prop.ForAll(purchases.ToArbitrary(), returns.ToArbitrary(), Gen.Choose(1, 3).ToArbitrary(), (bought, returned, groupCount) =>
        {
            var start = new LocalDate(2024, 1, 1);
            var table = new PurchaseTable(
                [.. bought.Select(b => b.c)], [.. bought.Select(b => PurchaseTable.DayNumber(start.PlusDays(b.d)))], 6,
                [.. bought.Select(b => b.o < 0 ? -1 : (b.c * 10) + b.o)], 60);
            var amounts = bought.Select(b => b.a / 100m).ToArray();
            var records = new ReturnRecords([.. returned.Select(r => r.c)], [.. returned.Select(r => r.o < 0 ? -1 : (r.c * 10) + r.o)], [.. returned.Select(r => r.a / 100m)]);
            var groups = Enumerable.Range(0, 6).Select(c => (string?)$"g{c % groupCount}").ToArray();

            // Every customer in a group: the groups add up to the overall row, returns included.
            var byGroup = ReturnRates.ByGroup(table, amounts, records, groups);
            AssertAddsUp(byGroup, 0, 0m);
            Assert.Equal(amounts.Sum(), byGroup[^1].Amount);
            Assert.Equal(records.Amounts.Sum(), byGroup[^1].ReturnedAmount);

            // Cohorts: a customer who never bought has none, so their returns count overall only.
            var nonBuyers = returned.Where(r => !bought.Any(b => b.c == r.c)).ToList();
            var byCohort = ReturnRates.ByCohort(table, amounts, records, CohortGrouping.Month);
            AssertAddsUp(byCohort, nonBuyers.Count(r => r.o < 0) + nonBuyers.Where(r => r.o >= 0).Select(r => (r.c, r.o)).Distinct().Count(), nonBuyers.Sum(r => r.a / 100m));
            Assert.All(byCohort.Take(byCohort.Count - 1), p => Assert.True(p.Customers > 0 && p.AmountRate is >= 0 && p.OrderRate is >= 0));
        }));
    }

    private static void AssertAddsUp(System.Collections.Generic.IReadOnlyList<ReturnRateRow> rows, long returnsOutside, decimal returnedOutside)
    {
        var overall = rows[^1];
        var parts = rows.Take(rows.Count - 1).ToList();
        Assert.Equal("overall", overall.Group);
        Assert.Equal(overall.Customers, parts.Sum(p => p.Customers));
        Assert.Equal(overall.Orders, parts.Sum(p => p.Orders));
        Assert.Equal(overall.Amount, parts.Sum(p => p.Amount));
        Assert.Equal(overall.ReturnedOrders, parts.Sum(p => p.ReturnedOrders) + returnsOutside);
        Assert.Equal(overall.ReturnedAmount, parts.Sum(p => p.ReturnedAmount) + returnedOutside);
    }
}

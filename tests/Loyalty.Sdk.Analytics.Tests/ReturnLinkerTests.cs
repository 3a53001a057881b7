using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Analytics.Returns;
using Xunit;

namespace Loyalty.Sdk.Analytics.Tests;

public sealed class ReturnLinkerTests
{
    [Fact]
    public void AReturn_UndoesTheMostRecentEarlierPurchaseOfItsProduct_ByQuantity_AtThatLinesPrice()
    {
        LinkLine[] purchases =
        [
            new(0, 0, 7, Time: 10, Quantity: 4, Amount: 40m), // order 0: 4 × 10
            new(0, 1, 7, Time: 20, Quantity: 2, Amount: 30m), // order 1: 2 × 15, the most recent before the return
            new(0, 1, 8, Time: 20, Quantity: 1, Amount: 5m),
            new(0, 2, 7, Time: 40, Quantity: 9, Amount: 90m), // after the return: never undone by it
        ];
        var links = ReturnLinker.Link(purchases, [new LinkLine(0, -1, 7, Time: 30, Quantity: 3, Amount: 99m)], byQuantity: true);

        Assert.Equal([10m, 30m, 0m, 0m], links.ReturnedAmounts); // 2 of order 1 (all of it, 30), then 1 of order 0 (10)
        Assert.All(links.Cancelled, Assert.False); // order 1 keeps its other product
        Assert.Equal((0L, 1L, 0L), (links.LinkedByOrder, links.LinkedByProduct, links.Unlinked));
        Assert.Equal(40m, links.LinkedAmount);
    }

    [Fact]
    public void AnOrderReturnedWhole_IsCancelled_AndANamedOrderIsUndoneFirst()
    {
        LinkLine[] purchases =
        [
            new(0, 0, 1, 10, 1, 10m),
            new(0, 0, 2, 10, 2, 6m),
            new(0, 1, 1, 20, 1, 10m),
            new(1, -1, 1, 5, 1, 10m), // another customer's line (an order of its own): untouched
        ];
        LinkLine[] returns =
        [
            new(0, 0, 1, 30, 1, 10m), // names order 0, though order 1 is more recent
            new(0, 0, 2, 31, 2, 6m),
            new(0, -1, 9, 32, 1, 4m), // a product never bought: linked to nothing
        ];
        var links = ReturnLinker.Link(purchases, returns, byQuantity: true);

        Assert.Equal([true, true, false, false], links.Cancelled);
        Assert.Equal(1, links.CancelledOrders);
        Assert.Equal((2L, 0L, 1L), (links.LinkedByOrder, links.LinkedByProduct, links.Unlinked));
        Assert.Equal(4m, links.UnlinkedAmount);
    }

    [Fact]
    public void ByAmount_WithoutProducts_OnlyTheNamedOrderIsUndone()
    {
        LinkLine[] purchases = [new(0, 0, -1, 0, 0, 10m), new(0, 0, -1, 0, 0, 5m), new(0, 1, -1, 0, 0, 8m)];
        var links = ReturnLinker.Link(purchases, [new LinkLine(0, 0, -1, 0, 0, 12m), new LinkLine(0, -1, -1, 0, 0, 3m)], byQuantity: false);

        Assert.Equal([10m, 2m, 0m], links.ReturnedAmounts);
        Assert.All(links.Cancelled, Assert.False);
        Assert.Equal(3m, links.UnlinkedAmount);
    }

    /// <summary>
    /// The laws, on random purchases and returns: every return is counted once (by order, by product or unlinked); a
    /// line loses between nothing and all of its amount; by amount, what is subtracted plus what is unlinked is what
    /// was returned; a cancelled line is wholly returned and so is the rest of its order; no return undoes a later
    /// purchase it does not name; and the result does not depend on the order of the returns.
    /// </summary>
    [Fact]
    public void Laws()
    {
        var line = from customer in Gen.Choose(0, 2)
                   from order in Gen.Choose(-1, 4)
                   from product in Gen.Choose(-1, 3)
                   from time in Gen.Choose(0, 50)
                   from quantity in Gen.Choose(1, 5)
                   from price in Gen.Choose(1, 20)
                   select new LinkLine(customer, order, product, time, quantity, quantity * price / 4m);
        var scenario = from purchases in Gen.ArrayOf(line)
                       from returns in Gen.ArrayOf(line)
                       from byQuantity in ArbMap.Default.GeneratorFor<bool>()
                       // Returns get distinct times (ties are broken by position, so their order would matter) and name
                       // orders of their own customer.
                       select (Purchases: OwnOrders(purchases), Returns: returns.Select((r, i) => r with { Time = (r.Time * 100) + i, Order = r.Order < 0 ? -1 : (r.Customer * 10) + r.Order }).ToArray(), byQuantity);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true), Prop.ForAll(scenario.ToArbitrary(), s =>
        {
            var links = ReturnLinker.Link(s.Purchases, s.Returns, s.byQuantity);
            Assert.Equal(s.Returns.Length, links.LinkedByOrder + links.LinkedByProduct + links.Unlinked);
            for (var i = 0; i < s.Purchases.Length; i++)
            {
                Assert.InRange(links.ReturnedAmounts[i], 0m, s.Purchases[i].Amount);
                if (links.Cancelled[i])
                {
                    Assert.Equal(s.Purchases[i].Amount, links.ReturnedAmounts[i]);
                    Assert.All(Enumerable.Range(0, s.Purchases.Length).Where(j => s.Purchases[i].Order >= 0 && s.Purchases[j].Order == s.Purchases[i].Order), j => Assert.True(links.Cancelled[j]));
                }
            }

            Assert.Equal(links.LinkedAmount, links.ReturnedAmounts.Sum());
            if (!s.byQuantity)
            {
                Assert.Equal(s.Returns.Sum(r => r.Amount), links.LinkedAmount + links.UnlinkedAmount);
            }

            var later = s.Returns.Select(r => r with { Order = -1, Time = -1 }).ToArray(); // before every purchase, naming none
            Assert.Equal(0m, ReturnLinker.Link(s.Purchases, later, s.byQuantity).LinkedAmount);

            var reversed = ReturnLinker.Link(s.Purchases, [.. s.Returns.Reverse()], s.byQuantity);
            Assert.Equal(links.ReturnedAmounts, reversed.ReturnedAmounts);
            Assert.Equal(links.Cancelled, reversed.Cancelled);
        }));
    }

    /// <summary>An order belongs to one customer: order k of customer c becomes 10c + k.</summary>
    private static LinkLine[] OwnOrders(LinkLine[] lines) => [.. lines.Select(l => l.Order < 0 ? l : l with { Order = l.Customer * 10 + l.Order })];
}

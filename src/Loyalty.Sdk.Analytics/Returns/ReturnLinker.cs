using System;
using System.Collections.Generic;

namespace Loyalty.Sdk.Analytics.Returns;

/// <summary>
/// Links return lines to the purchase lines they undo, so that a returned line lowers its order's amount and an order
/// returned whole is no purchase (it starts no cohort, counts in no frequency).
/// </summary>
/// <remarks>
/// <para>
/// Returns are taken in time order. A return first undoes lines of the order it names (of its product, when both
/// products are known); what is left undoes the customer's earlier purchases of the same product, the most recent
/// first (a shop's return follows its purchase, and exports rarely say which one). What still links to nothing is
/// counted and its amount reported, never subtracted: it is a return of a purchase outside the data, a discount, or
/// more than was bought.
/// </para>
/// <para>
/// By quantity (when the export has one), a return of q units of a line of Q units lowers the line by q/Q of its
/// amount (the line's own price, whatever the return row says); by amount otherwise. A line is returned whole when
/// nothing of it is left; an order when all its lines are.
/// </para>
/// </remarks>
public static class ReturnLinker
{
    /// <summary>Links returns to purchases.</summary>
    /// <param name="purchases">The purchase lines.</param>
    /// <param name="returns">The return lines (quantities and amounts positive).</param>
    /// <param name="byQuantity">Whether to link by quantity (else by amount).</param>
    /// <returns>Per purchase line, what was returned of it; and counts.</returns>
    public static ReturnLinks Link(IReadOnlyList<LinkLine> purchases, IReadOnlyList<LinkLine> returns, bool byQuantity)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(returns);
        var left = new decimal[purchases.Count]; // what is left of each line: units, or amount
        var returnedAmount = new decimal[purchases.Count];
        var byOrder = new Dictionary<int, List<int>>();
        var byProduct = new Dictionary<(int, int), List<int>>();
        for (var i = 0; i < purchases.Count; i++)
        {
            var line = purchases[i];
            left[i] = Math.Max(0m, byQuantity ? line.Quantity : line.Amount);
            if (line.Order >= 0)
            {
                Add(byOrder, line.Order, i);
            }

            if (line.Product >= 0)
            {
                Add(byProduct, (line.Customer, line.Product), i);
            }
        }

        foreach (var lines in byProduct.Values)
        {
            lines.Sort((a, b) => purchases[a].Time != purchases[b].Time ? purchases[a].Time.CompareTo(purchases[b].Time) : a.CompareTo(b));
        }

        if (purchases.Count == 0)
        {
            // Nothing to undo: every return links to nothing (and no time order is needed to say so).
            var none = new ReturnLinks([], []) { Unlinked = returns.Count };
            foreach (var r in returns)
            {
                none.UnlinkedAmount += Math.Abs(r.Amount);
            }

            return none;
        }

        var order = new int[returns.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => returns[a].Time != returns[b].Time ? returns[a].Time.CompareTo(returns[b].Time) : a.CompareTo(b));
        var touched = new bool[purchases.Count];
        var links = new ReturnLinks(returnedAmount, new bool[purchases.Count]);
        foreach (var r in order)
        {
            var line = returns[r];
            var wanted = Math.Max(0m, byQuantity ? line.Quantity : line.Amount);
            var remaining = wanted;
            if (line.Customer >= 0 && line.Order >= 0 && byOrder.TryGetValue(line.Order, out var orderLines))
            {
                foreach (var p in orderLines)
                {
                    if (remaining > 0 && purchases[p].Customer == line.Customer && (line.Product < 0 || purchases[p].Product < 0 || purchases[p].Product == line.Product))
                    {
                        remaining -= Take(p, remaining);
                    }
                }

                links.LinkedByOrder += remaining < wanted ? 1 : 0;
            }

            var afterOrder = remaining;
            if (remaining > 0 && line.Customer >= 0 && line.Product >= 0 && byProduct.TryGetValue((line.Customer, line.Product), out var history))
            {
                for (var k = history.Count - 1; k >= 0 && remaining > 0; k--)
                {
                    if (purchases[history[k]].Time <= line.Time)
                    {
                        remaining -= Take(history[k], remaining);
                    }
                }

                links.LinkedByProduct += remaining < afterOrder && afterOrder == wanted ? 1 : 0;
            }

            links.Unlinked += remaining == wanted ? 1 : 0;
            links.UnlinkedAmount += remaining == wanted ? Math.Abs(line.Amount) : remaining == 0 ? 0m : Math.Abs(line.Amount) / wanted * remaining;
        }

        var orderDone = new Dictionary<int, bool>();
        for (var i = 0; i < purchases.Count; i++)
        {
            var whole = touched[i] && left[i] == 0;
            links.LinkedAmount += returnedAmount[i];
            if (purchases[i].Order >= 0)
            {
                orderDone[purchases[i].Order] = orderDone.GetValueOrDefault(purchases[i].Order, true) && whole;
            }
        }

        for (var i = 0; i < purchases.Count; i++)
        {
            links.SetCancelled(i, purchases[i].Order >= 0 ? orderDone[purchases[i].Order] : touched[i] && left[i] == 0);
        }

        foreach (var done in orderDone.Values)
        {
            links.CancelledOrders += done ? 1 : 0;
        }

        for (var i = 0; i < purchases.Count; i++)
        {
            links.CancelledOrders += purchases[i].Order < 0 && links.Cancelled[i] ? 1 : 0;
        }

        return links;

        // Undoes up to `wanted` of line p; returns how much it undid.
        decimal Take(int p, decimal wanted)
        {
            var take = Math.Min(left[p], wanted);
            if (take <= 0)
            {
                return 0m;
            }

            touched[p] = true;
            left[p] -= take;
            var line = purchases[p];
            returnedAmount[p] = !byQuantity ? line.Amount - left[p]
                : left[p] == 0 ? line.Amount
                : line.Amount / line.Quantity * (line.Quantity - left[p]);
            return take;
        }
    }

    private static void Add<TKey>(Dictionary<TKey, List<int>> index, TKey key, int line)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var lines))
        {
            index[key] = lines = [];
        }

        lines.Add(line);
    }
}

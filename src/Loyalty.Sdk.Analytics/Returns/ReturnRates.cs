using System;
using System.Collections.Generic;
using System.Linq;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Analytics.Returns;

/// <summary>
/// Return rates per group of customers: returns (orders and amount) against purchases (orders and amount), for the
/// customers' first-purchase cohorts or any other grouping of them (such as RFM segments).
/// </summary>
public static class ReturnRates
{
    /// <summary>Return rates per first-purchase cohort, in cohort order, and overall (last).</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="amounts">Per purchase record, its amount; null when there are none (amount rates are then null).</param>
    /// <param name="returns">The returns of the table's customers.</param>
    /// <param name="grouping">How cohorts group first purchases.</param>
    /// <returns>One row per cohort, then the overall row.</returns>
    public static IReadOnlyList<ReturnRateRow> ByCohort(PurchaseTable table, decimal[]? amounts, ReturnRecords returns, CohortGrouping grouping)
    {
        ArgumentNullException.ThrowIfNull(table);
        return ByGroup(table, amounts, returns, CohortNames.Of(table, grouping));
    }

    /// <summary>Return rates per group of customers, in group-name order, and overall (last).</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="amounts">Per purchase record, its amount; null when there are none.</param>
    /// <param name="returns">The returns of the table's customers.</param>
    /// <param name="groups">Per customer index, its group's name (null: in no group, counted overall only).</param>
    /// <returns>One row per group, then the overall row.</returns>
    public static IReadOnlyList<ReturnRateRow> ByGroup(PurchaseTable table, decimal[]? amounts, ReturnRecords returns, IReadOnlyList<string?> groups)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(returns);
        ArgumentNullException.ThrowIfNull(groups);
        var rows = new SortedDictionary<string, Totals>(StringComparer.Ordinal);
        var overall = new Totals();
        var none = new Totals(); // customers in no group: counted overall only
        Totals For(int customer) => groups[customer] is { } name ? (rows.TryGetValue(name, out var t) ? t : rows[name] = new Totals()) : none;

        var seenCustomer = new bool[table.CustomerCount];
        var seenOrder = table.Orders is null ? null : new bool[table.OrderCount];
        for (var i = 0; i < table.Count; i++)
        {
            var customer = table.Customers[i];
            var totals = For(customer);
            var amount = amounts?[i] ?? 0m;
            var order = table.Orders?[i] ?? -1;
            var newOrder = order < 0 || !seenOrder![order];
            if (order >= 0)
            {
                seenOrder![order] = true;
            }

            totals.AddPurchase(!seenCustomer[customer], newOrder, amount);
            overall.AddPurchase(!seenCustomer[customer], newOrder, amount);
            seenCustomer[customer] = true;
        }

        var seenReturn = new HashSet<int>();
        for (var i = 0; i < returns.Customers.Length; i++)
        {
            var order = returns.Orders?[i] ?? -1;
            var newReturn = order < 0 || seenReturn.Add(order);
            For(returns.Customers[i]).AddReturn(newReturn, returns.Amounts[i]);
            overall.AddReturn(newReturn, returns.Amounts[i]);
        }

        return [.. rows.Select(r => r.Value.Row(r.Key)), overall.Row("overall")];
    }

    private sealed class Totals
    {
        private int _customers;
        private long _orders;
        private decimal _amount;
        private long _returnedOrders;
        private decimal _returnedAmount;

        public void AddPurchase(bool newCustomer, bool newOrder, decimal amount)
        {
            _customers += newCustomer ? 1 : 0;
            _orders += newOrder ? 1 : 0;
            _amount += amount;
        }

        public void AddReturn(bool newReturn, decimal amount)
        {
            _returnedOrders += newReturn ? 1 : 0;
            _returnedAmount += amount;
        }

        public ReturnRateRow Row(string name) => new(name, _customers, _orders, _amount, _returnedOrders, _returnedAmount);
    }
}

using System.Collections.Generic;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// Finds the customer and order of the final purchase table that another file (such as reviews) names by order id,
/// customer id, or both.
/// </summary>
/// <param name="codes">The order ids as read.</param>
/// <param name="readCustomers">The customers as read.</param>
/// <param name="table">The final table.</param>
/// <param name="orders">(customer as read, order code) to the final order index; null when the table has no orders.</param>
/// <param name="returnedWhole">The orders (customer as read, code) returned whole, which are not in the table; null when none were linked.</param>
internal sealed class OrderFinder(OrderCodes codes, IdEncoder readCustomers, PurchaseTable table, Dictionary<(int, long), int>? orders, HashSet<(int, long)>? returnedWhole)
{
    private Dictionary<long, int>? _customerOfCode; // code to its one customer as read, or -1 when several customers use it

    /// <summary>The final customer and order (-1 without an order id) of a reference, or why there is none.</summary>
    public string? TryFind(string? customerId, string? orderId, out int customer, out int order)
    {
        customer = -1;
        order = -1;
        if (orderId is null)
        {
            return customerId is not null && table.CustomerIds!.TryGetIndex(customerId, out customer) ? null : "no such customer";
        }

        if (orders is null || !codes.TryCode(orderId, out var code))
        {
            return "no such order";
        }

        int readCustomer;
        if (customerId is not null)
        {
            if (!readCustomers.TryGetIndex(customerId, out readCustomer))
            {
                return "no such customer";
            }
        }
        else
        {
            _customerOfCode ??= CustomersOfCodes();
            if (!_customerOfCode.TryGetValue(code, out readCustomer))
            {
                return returnedWhole is not null && ReturnedWholeUnderAnyCustomer(code) ? "order returned whole" : "no such order";
            }

            if (readCustomer < 0)
            {
                return "order id of several customers";
            }
        }

        if (!orders.TryGetValue((readCustomer, code), out order))
        {
            return returnedWhole is not null && returnedWhole.Contains((readCustomer, code)) ? "order returned whole" : customerId is null ? "no such order" : "no such order of the customer";
        }

        return table.CustomerIds!.TryGetIndex(readCustomers.Decode(readCustomer), out customer) ? null : "order returned whole";
    }

    private bool ReturnedWholeUnderAnyCustomer(long code)
    {
        foreach (var (_, c) in returnedWhole!)
        {
            if (c == code)
            {
                return true;
            }
        }

        return false;
    }

    private Dictionary<long, int> CustomersOfCodes()
    {
        var byCode = new Dictionary<long, int>(orders!.Count);
        foreach (var (customer, code) in orders.Keys)
        {
            byCode[code] = byCode.TryGetValue(code, out var known) && known != customer ? -1 : customer;
        }

        return byCode;
    }
}

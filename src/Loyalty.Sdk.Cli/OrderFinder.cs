using System.Collections.Generic;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// Finds the customer and order of the final purchase table that another file (such as reviews) names by order id,
/// customer id, or both.
/// </summary>
/// <param name="readOrders">The orders as read: (customer as read, order id) to order index as read.</param>
/// <param name="readCustomers">The customers as read.</param>
/// <param name="table">The final table.</param>
/// <param name="orderMap">Order index as read to the final one, when orders returned whole were removed; null when none were.</param>
internal sealed class OrderFinder(Dictionary<(int, string), int> readOrders, IdEncoder readCustomers, PurchaseTable table, Dictionary<int, int>? orderMap)
{
    private Dictionary<string, (int Customer, int Order)>? _byId;

    /// <summary>The final customer and order (-1 without an order id) of a reference, or why there is none.</summary>
    public string? TryFind(string? customerId, string? orderId, out int customer, out int order)
    {
        customer = -1;
        order = -1;
        if (orderId is null)
        {
            return customerId is not null && table.CustomerIds!.TryGetIndex(customerId, out customer) ? null : "no such customer";
        }

        int read;
        int readCustomer;
        if (customerId is not null)
        {
            if (!readCustomers.TryGetIndex(customerId, out readCustomer))
            {
                return "no such customer";
            }

            if (!readOrders.TryGetValue((readCustomer, orderId), out read))
            {
                return "no such order of the customer";
            }
        }
        else
        {
            _byId ??= ById();
            if (!_byId.TryGetValue(orderId, out var found))
            {
                return "no such order";
            }

            if (found.Order < 0)
            {
                return "order id of several customers";
            }

            (readCustomer, read) = found;
        }

        if (orderMap is not null && !orderMap.TryGetValue(read, out read))
        {
            return "order returned whole";
        }

        order = read;
        return table.CustomerIds!.TryGetIndex(readCustomers.Decode(readCustomer), out customer) ? null : "order returned whole";
    }

    private Dictionary<string, (int Customer, int Order)> ById()
    {
        var byId = new Dictionary<string, (int, int)>(readOrders.Count);
        foreach (var ((customer, id), order) in readOrders)
        {
            byId[id] = byId.ContainsKey(id) ? (customer, -1) : (customer, order);
        }

        return byId;
    }
}

using System.Collections.Generic;
using System.Linq;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Returns;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// The purchase rows of an export as they are read, in columns, and the return rows beside them; <see cref="Build"/>
/// links reversals to what they undo and gives the purchase table the calculators read.
/// </summary>
/// <remarks>
/// What linking needs beyond the table (the instant, product and quantity of each row) is kept only when a return
/// rule marks reversals and a product column is given: linking by product is then possible, and by quantity.
/// </remarks>
internal sealed class PurchaseColumns(bool orders, bool categories, bool amounts, bool byProduct, bool quantities)
{
    private readonly IdEncoder _customerIds = new();
    private readonly IdEncoder _categoryNames = new();
    private readonly IdEncoder _products = new();
    private readonly Dictionary<(int, string), int> _orderIds = [];
    private readonly List<int> _customers = [];
    private readonly List<int> _days = [];
    private readonly List<int>? _orders = orders ? [] : null;
    private readonly List<int>? _categories = categories ? [] : null;
    private readonly List<decimal>? _amounts = amounts ? [] : null;
    private readonly List<(long Ticks, int Product, decimal Quantity)>? _lines = byProduct ? [] : null;
    private readonly List<Returned> _returned = [];

    /// <summary>Gets, after <see cref="Build"/>, what finds the table's orders by their ids.</summary>
    public OrderFinder? Orders { get; private set; }

    /// <summary>Adds a purchase row.</summary>
    public void AddPurchase(string customerId, int day, string? orderId, string? category, decimal amount, long ticks, string? product, decimal? quantity)
    {
        var customer = _customerIds.Encode(customerId);
        _customers.Add(customer);
        _days.Add(day);
        if (_orders is not null)
        {
            if (string.IsNullOrWhiteSpace(orderId))
            {
                _orders.Add(-1); // no order id: the row is an order of its own
            }
            else
            {
                if (!_orderIds.TryGetValue((customer, orderId), out var order))
                {
                    order = _orderIds.Count;
                    _orderIds.Add((customer, orderId), order);
                }

                _orders.Add(order);
            }
        }

        _categories?.Add(string.IsNullOrWhiteSpace(category) ? -1 : _categoryNames.Encode(category.Trim()));
        _amounts?.Add(amount);
        _lines?.Add((ticks, string.IsNullOrWhiteSpace(product) ? -1 : _products.Encode(product.Trim()), quantities ? quantity ?? 0m : 0m));
    }

    /// <summary>Adds a return or cancelled row (its amount and quantity as positive numbers).</summary>
    public void AddReturn(ReturnKind kind, string customerId, string? orderId, decimal amount, long ticks, string? product, decimal? quantity) =>
        _returned.Add(new Returned(kind, customerId, string.IsNullOrWhiteSpace(orderId) ? null : orderId.Trim(), amount, ticks, string.IsNullOrWhiteSpace(product) ? null : product.Trim(), quantity ?? 0m));

    /// <summary>Links the reversals (when <paramref name="rule"/> marks them), and builds the table and the returns.</summary>
    /// <returns>
    /// The purchases kept (returned lines lowered, orders returned whole gone); the returns; and the purchases as bought,
    /// which return rates are relative to (the same table when nothing was linked).
    /// </returns>
    public (PurchaseTable Table, decimal[]? Amounts, ReturnRecords? Returns, long UnmatchedReturns, ReturnLinks? Links, (PurchaseTable Table, decimal[]? Amounts) Bought) Build(ReturnRule rule)
    {
        var (links, linked) = rule.Reverses && (_orders is not null || _lines is not null) && _returned.Exists(r => r.Kind == ReturnKind.Reversal) ? Link(rule) : default;
        var compact = linked is not null && linked.Values.Any(l => l.Cancelled);
        var customerIds = compact ? new IdEncoder() : _customerIds;
        var customers = new List<int>(_customers.Count);
        var days = new List<int>(_customers.Count);
        var orders = _orders is null ? null : new List<int>(_customers.Count);
        var categories = _categories is null ? null : new List<int>(_customers.Count);
        var amounts = _amounts is null ? null : new List<decimal>(_customers.Count);
        var orderIndex = new Dictionary<int, int>();
        for (var i = 0; i < _customers.Count; i++)
        {
            var link = linked is not null && linked.TryGetValue(i, out var l) ? l : default;
            if (link.Cancelled)
            {
                continue;
            }

            customers.Add(compact ? customerIds.Encode(_customerIds.Decode(_customers[i])) : _customers[i]);
            days.Add(_days[i]);
            if (orders is not null)
            {
                var order = _orders![i];
                orders.Add(order < 0 || !compact ? order : orderIndex.TryGetValue(order, out var o) ? o : orderIndex[order] = orderIndex.Count);
            }

            categories?.Add(_categories![i]);
            amounts?.Add(_amounts![i] - link.Returned);
        }

        var table = new PurchaseTable([.. customers], [.. days], customerIds.Count, orders?.ToArray(), compact ? orderIndex.Count : _orderIds.Count, categories?.ToArray(), _categoryNames.Count, customerIds, categories is null ? null : _categoryNames);
        var net = amounts?.ToArray();
        var bought = linked is null ? (table, net)
            : (new PurchaseTable([.. _customers], [.. _days], _customerIds.Count, _orders?.ToArray(), _orderIds.Count, _categories?.ToArray(), _categoryNames.Count, _customerIds, _categories is null ? null : _categoryNames), _amounts?.ToArray());
        var (returns, unmatched) = rule.Any ? ReturnsOf(_customerIds) : (null, 0);
        Orders = new OrderFinder(_orderIds, _customerIds, table, compact ? orderIndex : null);
        return (table, net, returns, unmatched, links, bought);
    }

    /// <summary>
    /// Links reversal rows to the purchase lines they undo: by the order they name, and by product when known. Only the
    /// lines a reversal can reach (and the rest of their orders) are handed to the linker, so linking costs memory in
    /// proportion to the returns, not to the export.
    /// </summary>
    /// <returns>The links; per purchase row reached, the amount returned of it and whether its order was returned whole.</returns>
    private (ReturnLinks Links, Dictionary<int, (decimal Returned, bool Cancelled)> Linked) Link(ReturnRule rule)
    {
        var reversals = new List<LinkLine>();
        var namedOrders = new HashSet<int>();
        var namedProducts = new HashSet<(int, int)>();
        foreach (var r in _returned.Where(r => r.Kind == ReturnKind.Reversal))
        {
            var customer = _customerIds.TryGetIndex(r.Customer, out var c) ? c : -1;
            var order = -1;
            if (customer >= 0 && r.Order is { } id && !_orderIds.TryGetValue((customer, id), out order) && !(rule.Unprefixed(id) is { } named && _orderIds.TryGetValue((customer, named), out order)))
            {
                order = -1;
            }

            var product = r.Product is not null && _products.TryGetIndex(r.Product, out var p) ? p : -1;
            reversals.Add(new LinkLine(customer, order, product, r.Ticks, r.Quantity, r.Amount));
            namedOrders.Add(order);
            namedProducts.Add((customer, product));
        }

        var reachedOrders = new HashSet<int>();
        var rows = new List<int>();
        for (var i = 0; i < _customers.Count; i++)
        {
            var order = _orders?[i] ?? -1;
            if ((order >= 0 && namedOrders.Contains(order)) || (_lines is not null && _lines[i].Product >= 0 && namedProducts.Contains((_customers[i], _lines[i].Product))))
            {
                rows.Add(i);
                if (order >= 0)
                {
                    reachedOrders.Add(order);
                }
            }
        }

        if (reachedOrders.Count > 0)
        {
            // An order reached by one line is handed over whole, even its lines read before the reached one.
            rows = [.. Enumerable.Range(0, _customers.Count).Where(i => (_orders![i] >= 0 && reachedOrders.Contains(_orders[i])) || rows.BinarySearch(i) >= 0)];
        }

        var purchases = new LinkLine[rows.Count];
        for (var k = 0; k < rows.Count; k++)
        {
            var i = rows[k];
            var (ticks, product, quantity) = _lines is null ? (0L, -1, 0m) : _lines[i];
            purchases[k] = new LinkLine(_customers[i], _orders?[i] ?? -1, product, ticks, quantity, _amounts?[i] ?? 0m);
        }

        var links = ReturnLinker.Link(purchases, reversals, byQuantity: quantities && _lines is not null);
        var linked = new Dictionary<int, (decimal Returned, bool Cancelled)>(rows.Count);
        for (var k = 0; k < rows.Count; k++)
        {
            linked[rows[k]] = (links.ReturnedAmounts[k], links.Cancelled[k]);
        }

        return (links, linked);
    }

    /// <summary>The return rows of customers who bought something, as indexes of the customers as bought.</summary>
    private (ReturnRecords Returns, long Unmatched) ReturnsOf(IdEncoder customerIds)
    {
        var customers = new List<int>();
        var orders = new List<int>();
        var amounts = new List<decimal>();
        var orderIds = new Dictionary<(int, string), int>(); // as for purchases: an order id is the customer's own
        long unmatched = 0;
        foreach (var r in _returned)
        {
            if (!customerIds.TryGetIndex(r.Customer, out var index))
            {
                unmatched++;
                continue;
            }

            customers.Add(index);
            orders.Add(r.Order is null ? -1 : orderIds.TryGetValue((index, r.Order), out var o) ? o : orderIds[(index, r.Order)] = orderIds.Count);
            amounts.Add(r.Amount);
        }

        return (new ReturnRecords([.. customers], [.. orders], [.. amounts]), unmatched);
    }

    private sealed record Returned(ReturnKind Kind, string Customer, string? Order, decimal Amount, long Ticks, string? Product, decimal Quantity);
}

using System;
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
/// Rows keep their order id as a code (<see cref="OrderCodes"/>) with their customer; dense order indexes are made in
/// <see cref="Build"/>, only for a command that counts orders. What linking needs beyond the table (the instant,
/// product and quantity of each row) is kept only when a return rule marks reversals and a product column is given.
/// </remarks>
internal sealed class PurchaseColumns(bool orders, bool categories, bool amounts, bool byProduct, bool quantities)
{
    private readonly IdEncoder _customerIds = new();
    private readonly IdEncoder _categoryNames = new();
    private readonly IdEncoder _products = new();
    private readonly OrderCodes _codes = new();
    private readonly ChunkedColumn<int> _customers = new();
    private readonly ChunkedColumn<int> _days = new();
    private readonly ChunkedColumn<long>? _orders = orders ? new() : null;
    private readonly ChunkedColumn<int>? _categories = categories ? new() : null;
    private readonly ChunkedColumn<decimal>? _amounts = amounts ? new() : null;
    private readonly ChunkedColumn<(long Ticks, int Product, decimal Quantity)>? _lines = byProduct ? new() : null;
    private readonly List<Returned> _returned = [];

    /// <summary>Gets, after <see cref="Build"/>, what finds the table's orders by their ids.</summary>
    public OrderFinder? Orders { get; private set; }

    /// <summary>Adds a purchase row.</summary>
    /// <param name="customer">The customer's index (<see cref="EncodeCustomer"/>).</param>
    /// <param name="day">The local day number.</param>
    /// <param name="orderCode">The order id's code (<see cref="EncodeOrder"/>; <see cref="OrderCodes.None"/>: the row is an order of its own).</param>
    /// <param name="category">The category, if any.</param>
    /// <param name="amount">The amount.</param>
    /// <param name="ticks">The instant as Unix ticks (kept only for linking by product).</param>
    /// <param name="product">The product, if any (kept only for linking by product).</param>
    /// <param name="quantity">The quantity, if any (kept only for linking by product).</param>
    public void AddPurchase(int customer, int day, long orderCode, string? category, decimal amount, long ticks, string? product, decimal? quantity)
    {
        _customers.Add(customer);
        _days.Add(day);
        _orders?.Add(orderCode);
        _categories?.Add(string.IsNullOrWhiteSpace(category) ? -1 : _categoryNames.Encode(category.Trim()));
        _amounts?.Add(amount);
        _lines?.Add((ticks, string.IsNullOrWhiteSpace(product) ? -1 : _products.Encode(product.Trim()), quantities ? quantity ?? 0m : 0m));
    }

    /// <summary>The index of a purchase row's customer id (trimmed, not empty).</summary>
    public int EncodeCustomer(ReadOnlySpan<char> customerId) => _customerIds.Encode(customerId);

    /// <summary>The indexes of many purchase rows' customer ids at once (see <see cref="IdEncoder.Encode(ReadOnlySpan{char}, ReadOnlySpan{int}, ReadOnlySpan{int}, Span{int})"/>).</summary>
    public void EncodeCustomers(ReadOnlySpan<char> chars, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, Span<int> indexes) => _customerIds.Encode(chars, starts, lengths, indexes);

    /// <summary>The code of a purchase row's order id (call from the thread that reads, not the one that adds).</summary>
    public long EncodeOrder(ReadOnlySpan<char> orderId) => _codes.Encode(orderId);

    /// <summary>Adds a return or cancelled row (its amount and quantity as positive numbers).</summary>
    public void AddReturn(ReturnKind kind, string customerId, string? orderId, decimal amount, int day, long ticks, string? product, decimal? quantity) =>
        _returned.Add(new Returned(kind, customerId, string.IsNullOrWhiteSpace(orderId) ? null : orderId.Trim(), amount, day, ticks, string.IsNullOrWhiteSpace(product) ? null : product.Trim(), quantity ?? 0m));

    /// <summary>Links the reversals (when <paramref name="rule"/> marks them), and builds the table and the returns.</summary>
    /// <param name="rule">What a return is.</param>
    /// <param name="needOrders">Whether the table needs order indexes (a command that counts orders).</param>
    /// <param name="needBought">Whether the purchases as bought are needed beside those kept (return rates).</param>
    /// <returns>
    /// The purchases kept (returned lines lowered, orders returned whole gone); the returns; and the purchases as bought,
    /// which return rates are relative to (the same table when nothing was linked, or when not needed).
    /// </returns>
    public (PurchaseTable Table, decimal[]? Amounts, ReturnRecords? Returns, long UnmatchedReturns, ReturnLinks? Links, (PurchaseTable Table, decimal[]? Amounts) Bought) Build(ReturnRule rule, bool needOrders, bool needBought)
    {
        var linking = rule.Reverses && (_orders is not null || _lines is not null) && _returned.Exists(r => r.Kind == ReturnKind.Reversal);
        var (links, linked, cancelledOrders) = linking ? Link(rule) : (null, null, null);
        var cancelledRows = linked?.Values.Count(l => l.Cancelled) ?? 0;

        // The returns index the customers as bought: those read, unless a separate table as bought is made (then the
        // same encoder too) or rows were removed and no such table is asked for (then the table's own encoder).
        var returnsOf = !rule.Any ? null
            : cancelledRows == 0 || (needBought && linked is { Count: > 0 }) ? System.Threading.Tasks.Task.Run(() => ReturnsOf(_customerIds))
            : null;
        var (table, net, dense) = Table(linked, cancelledRows, needOrders);
        var bought = (table, net);
        if (needBought && linked is { Count: > 0 })
        {
            var (all, gross, _) = Table(null, 0, needOrders);
            bought = (all, gross);
        }

        var (returns, unmatched) = returnsOf is not null ? returnsOf.GetAwaiter().GetResult() : rule.Any ? ReturnsOf(table.CustomerIds!) : (null, 0);
        Orders = new OrderFinder(_codes, _customerIds, table, dense, cancelledOrders);
        return (table, net, returns, unmatched, links, bought);
    }

    /// <summary>The table of the rows not returned whole, amounts less what was returned; dense order indexes when asked.</summary>
    private (PurchaseTable Table, decimal[]? Amounts, Dictionary<(int, long), int>? Dense) Table(Dictionary<int, (decimal Returned, bool Cancelled)>? linked, int cancelledRows, bool needOrders)
    {
        var compact = cancelledRows > 0;
        var needDense = needOrders && _orders is not null;
        if (!compact && !needDense && linked is not { Count: > 0 })
        {
            // Nothing removed, lowered or indexed: the columns as read.
            return (new PurchaseTable(_customers.ToArray(), _days.ToArray(), _customerIds.Count, null, 0, _categories?.ToArray(), _categoryNames.Count, _customerIds, _categories is null ? null : _categoryNames), _amounts?.ToArray(), null);
        }

        var customerIds = compact ? new IdEncoder() : _customerIds;
        var n = _customers.Count - cancelledRows;
        var customers = new int[n];
        var days = new int[n];
        var dense = needDense ? new Dictionary<(int, long), int>() : null;
        var orders = dense is null ? null : new int[n];
        var categories = _categories is null ? null : new int[n];
        var amounts = _amounts is null ? null : new decimal[n];
        var (lastCustomer, lastCode, lastOrder) = (-1, OrderCodes.None, -1);
        var k = 0;
        for (var i = 0; i < _customers.Count; i++)
        {
            var link = linked is not null && linked.TryGetValue(i, out var l) ? l : default;
            if (link.Cancelled)
            {
                continue;
            }

            var customer = _customers[i];
            customers[k] = compact ? customerIds.Encode(_customerIds.Decode(customer)) : customer;
            days[k] = _days[i];
            if (orders is not null)
            {
                // Lines of one order are usually adjacent: the previous row's order is checked before the table.
                var code = _orders![i];
                if (code == OrderCodes.None)
                {
                    orders[k] = -1;
                }
                else if (customer == lastCustomer && code == lastCode)
                {
                    orders[k] = lastOrder;
                }
                else
                {
                    if (!dense!.TryGetValue((customer, code), out var order))
                    {
                        order = dense.Count;
                        dense.Add((customer, code), order);
                    }

                    (lastCustomer, lastCode, lastOrder, orders[k]) = (customer, code, order, order);
                }
            }

            if (categories is not null)
            {
                categories[k] = _categories![i];
            }

            if (amounts is not null)
            {
                amounts[k] = _amounts![i] - link.Returned;
            }

            k++;
        }

        var table = new PurchaseTable(customers, days, customerIds.Count, orders, dense?.Count ?? 0, categories, _categoryNames.Count, customerIds, categories is null ? null : _categoryNames);
        return (table, amounts, dense);
    }

    /// <summary>
    /// Links reversal rows to the purchase lines they undo: by the order they name (their own id, or without the return
    /// prefix), and by product when known. Only the lines a reversal can reach (and the rest of their orders) are
    /// handed to the linker, so linking costs memory in proportion to the returns, not to the export.
    /// </summary>
    /// <returns>The links; per purchase row reached, the amount returned of it and whether its order was returned whole; the orders returned whole.</returns>
    private (ReturnLinks Links, Dictionary<int, (decimal Returned, bool Cancelled)> Linked, HashSet<(int, long)> CancelledOrders) Link(ReturnRule rule)
    {
        var reversals = _returned.Where(r => r.Kind == ReturnKind.Reversal).ToList();
        var named = new HashSet<(int Customer, long Code)>();
        var namedCodes = new HashSet<long>();
        var namedProducts = new HashSet<(int, int)>();
        var keys = new List<(int Customer, long Own, long Unprefixed, int Product)>(reversals.Count);
        foreach (var r in reversals)
        {
            var customer = _customerIds.TryGetIndex(r.Customer, out var c) ? c : -1;
            var own = customer >= 0 && r.Order is { } id && _codes.TryCode(id, out var o) ? o : OrderCodes.None;
            var unprefixed = customer >= 0 && r.Order is { } id2 && rule.Unprefixed(id2) is { } u && _codes.TryCode(u, out var p) ? p : OrderCodes.None;
            var product = r.Product is not null && _products.TryGetIndex(r.Product, out var q) ? q : -1;
            foreach (var code in new[] { own, unprefixed }.Where(x => x != OrderCodes.None && _codes.MayBeUsed(x)))
            {
                named.Add((customer, code));
                namedCodes.Add(code);
            }

            namedProducts.Add((customer, product));
            keys.Add((customer, own, unprefixed, product));
        }

        // Orders reached: named by a reversal, or holding a line of a product a reversal returns.
        var reached = new HashSet<(int Customer, long Code)>();
        var loose = new List<int>(); // rows without an order id reached by product
        var codeFilter = new CodeFilter(namedCodes);
        for (var i = 0; (named.Count > 0 || _lines is not null) && i < _customers.Count; i++)
        {
            var code = _orders?[i] ?? OrderCodes.None;
            var byName = code != OrderCodes.None && codeFilter.Contains(code) && named.Contains((_customers[i], code));
            var byItsProduct = _lines is not null && _lines[i].Product >= 0 && namedProducts.Contains((_customers[i], _lines[i].Product));
            if (byName || byItsProduct)
            {
                if (code == OrderCodes.None)
                {
                    loose.Add(i);
                }
                else
                {
                    reached.Add((_customers[i], code));
                }
            }
        }

        // Each order reached is handed over whole.
        var rows = new List<int>();
        var local = new Dictionary<(int, long), int>();
        var next = 0;
        for (var i = 0; (reached.Count > 0 || loose.Count > 0) && i < _customers.Count; i++)
        {
            var code = _orders?[i] ?? OrderCodes.None;
            if ((code != OrderCodes.None && reached.Contains((_customers[i], code))) || (next < loose.Count && loose[next] == i))
            {
                rows.Add(i);
                if (code != OrderCodes.None && !local.ContainsKey((_customers[i], code)))
                {
                    local.Add((_customers[i], code), local.Count);
                }
            }

            next += next < loose.Count && loose[next] == i ? 1 : 0;
        }

        var purchases = new LinkLine[rows.Count];
        for (var k = 0; k < rows.Count; k++)
        {
            var i = rows[k];
            var (ticks, product, quantity) = _lines is null ? (0L, -1, 0m) : _lines[i];
            var code = _orders?[i] ?? OrderCodes.None;
            purchases[k] = new LinkLine(_customers[i], code == OrderCodes.None ? -1 : local[(_customers[i], code)], product, ticks, quantity, _amounts?[i] ?? 0m);
        }

        var lines = new LinkLine[reversals.Count];
        for (var k = 0; k < reversals.Count; k++)
        {
            var (customer, own, unprefixed, product) = keys[k];
            var order = local.TryGetValue((customer, own), out var a) ? a : local.TryGetValue((customer, unprefixed), out var b) ? b : -1;
            lines[k] = new LinkLine(customer, order, product, reversals[k].Ticks, reversals[k].Quantity, reversals[k].Amount);
        }

        var links = ReturnLinker.Link(purchases, lines, byQuantity: quantities && _lines is not null);
        var linked = new Dictionary<int, (decimal Returned, bool Cancelled)>(rows.Count);
        var cancelled = new HashSet<(int, long)>();
        for (var k = 0; k < rows.Count; k++)
        {
            linked[rows[k]] = (links.ReturnedAmounts[k], links.Cancelled[k]);
            if (links.Cancelled[k] && _orders is not null && _orders[rows[k]] != OrderCodes.None)
            {
                cancelled.Add((_customers[rows[k]], _orders[rows[k]]));
            }
        }

        return (links, linked, cancelled);
    }

    /// <summary>The return rows of customers in a table, as indexes of its customers.</summary>
    private (ReturnRecords Returns, long Unmatched) ReturnsOf(IdEncoder customerIds)
    {
        var customers = new List<int>();
        var orders = new List<int>();
        var amounts = new List<decimal>();
        var days = new List<int>();
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
            days.Add(r.Day);
        }

        return (new ReturnRecords([.. customers], [.. orders], [.. amounts]) { Days = [.. days] }, unmatched);
    }

    /// <summary>
    /// Membership of the codes reversals name, tested for every row: a bit per code when they are numbers within 64
    /// million of each other (invoice numbers are), else a hash set.
    /// </summary>
    private sealed class CodeFilter
    {
        private readonly HashSet<long> _set;
        private readonly ulong[]? _bits;
        private readonly long _low;

        public CodeFilter(HashSet<long> codes)
        {
            _set = codes;
            if (codes.Count > 0 && codes.Min() is >= 0 and var low && codes.Max() - low < (1L << 26))
            {
                _low = low;
                _bits = new ulong[((codes.Max() - low) >> 6) + 1];
                foreach (var code in codes)
                {
                    _bits[(code - low) >> 6] |= 1UL << (int)((code - low) & 63);
                }
            }
        }

        public bool Contains(long code)
        {
            if (_bits is null)
            {
                return _set.Contains(code);
            }

            var offset = code - _low;
            return offset >= 0 && (offset >> 6) < _bits.Length && (_bits[offset >> 6] & (1UL << (int)(offset & 63))) != 0;
        }
    }

    private sealed record Returned(ReturnKind Kind, string Customer, string? Order, decimal Amount, int Day, long Ticks, string? Product, decimal Quantity);
}

using System;
using System.Collections.Generic;
using System.Threading;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>
/// Purchases in columns, the calculators' primary input: customers as dense integers and local days as day numbers
/// (<see cref="DateOnly.DayNumber"/>), with optional per-record order and category indexes. Build it from arrays
/// directly, or from <see cref="PurchaseRecord"/>s with <see cref="FromRecords"/>.
/// </summary>
/// <remarks>This type does not copy the arrays; do not change them while a calculation runs.</remarks>
public sealed class PurchaseTable
{
    /// <summary>Initializes a new instance of the <see cref="PurchaseTable"/> class.</summary>
    /// <param name="customers">Per record: the customer index, 0 to <paramref name="customerCount"/> − 1.</param>
    /// <param name="days">Per record: the local day number of the purchase.</param>
    /// <param name="customerCount">The number of distinct customer indexes.</param>
    /// <param name="orders">Per record: the order index, 0 to <paramref name="orderCount"/> − 1 (an order belongs to one customer), or −1 when the record is an order of its own; <see langword="null"/> when each record is an order.</param>
    /// <param name="orderCount">The number of distinct order indexes.</param>
    /// <param name="categories">Per record: a category index, or −1 for none; <see langword="null"/> when there are no categories.</param>
    /// <param name="categoryCount">The number of distinct category indexes.</param>
    /// <param name="customerIds">The customer ids behind the indexes, if known.</param>
    /// <param name="categoryNames">The category names behind the indexes, if known.</param>
    /// <exception cref="ArgumentException">The arrays differ in length, or an index is out of range.</exception>
    public PurchaseTable(int[] customers, int[] days, int customerCount, int[]? orders = null, int orderCount = 0, int[]? categories = null, int categoryCount = 0, IdEncoder? customerIds = null, IdEncoder? categoryNames = null)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(days);
        Customers = customers;
        Days = days;
        if (days.Length != customers.Length || (orders is not null && orders.Length != customers.Length) || (categories is not null && categories.Length != customers.Length))
        {
            throw new ArgumentException("Every column must have one value per record.", nameof(days));
        }

        if (customerCount < 0 || orderCount < 0 || categoryCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(customerCount), "Counts must not be negative.");
        }

        foreach (var c in customers)
        {
            if (c < 0 || c >= customerCount)
            {
                throw new ArgumentException($"Customer index {c} is outside 0..{customerCount - 1}.", nameof(customers));
            }
        }

        if (orders is not null)
        {
            foreach (var o in orders)
            {
                if (o < -1 || o >= orderCount)
                {
                    throw new ArgumentException($"Order index {o} is outside -1..{orderCount - 1}.", nameof(orders));
                }
            }
        }

        if (categories is not null)
        {
            foreach (var k in categories)
            {
                if (k < -1 || k >= categoryCount)
                {
                    throw new ArgumentException($"Category index {k} is outside -1..{categoryCount - 1}.", nameof(categories));
                }
            }
        }

        CustomerCount = customerCount;
        Orders = orders;
        OrderCount = orderCount;
        Categories = categories;
        CategoryCount = categoryCount;
        CustomerIds = customerIds;
        CategoryNames = categoryNames;
    }

    /// <summary>Gets the customer index per record.</summary>
    public int[] Customers { get; }

    /// <summary>Gets the local day number per record.</summary>
    public int[] Days { get; }

    /// <summary>Gets the order index per record (−1 for a record that is an order of its own), if orders are known.</summary>
    public int[]? Orders { get; }

    /// <summary>Gets the number of distinct order indexes.</summary>
    public int OrderCount { get; }

    /// <summary>Gets the category index per record (−1 for none), if categories are known.</summary>
    public int[]? Categories { get; }

    /// <summary>Gets the number of customers.</summary>
    public int CustomerCount { get; }

    /// <summary>Gets the number of categories.</summary>
    public int CategoryCount { get; }

    /// <summary>Gets the number of records.</summary>
    public int Count => Customers.Length;

    /// <summary>Gets the customer ids, when the table was built from records.</summary>
    public IdEncoder? CustomerIds { get; }

    /// <summary>Gets the category names, when the table was built from records.</summary>
    public IdEncoder? CategoryNames { get; }

    /// <summary>The day number of a local date.</summary>
    /// <param name="date">The date.</param>
    /// <returns>Days since 0001-01-01.</returns>
    public static int DayNumber(LocalDate date) => date.ToDateOnly().DayNumber;

    /// <summary>The local date of a day number.</summary>
    /// <param name="dayNumber">Days since 0001-01-01.</param>
    /// <returns>The date.</returns>
    public static LocalDate DateOf(int dayNumber) => LocalDate.FromDateOnly(DateOnly.FromDayNumber(dayNumber));

    /// <summary>Encodes purchase records: each instant becomes its local date in <paramref name="zone"/>.</summary>
    /// <param name="records">The records.</param>
    /// <param name="zone">The time zone whose local dates define days and cohorts.</param>
    /// <param name="customerIds">An encoder to reuse (its ids keep their indexes), or <see langword="null"/> for a new one.</param>
    /// <param name="cancellationToken">A token to cancel the encoding.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentNullException">An argument or a customer id is null.</exception>
    public static PurchaseTable FromRecords(IEnumerable<PurchaseRecord> records, DateTimeZone zone, IdEncoder? customerIds = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(zone);
        customerIds ??= new IdEncoder();
        var orderIds = new Dictionary<(int, string), int>();
        var categoryNames = new IdEncoder();
        var customers = new List<int>();
        var days = new List<int>();
        var orders = new List<int>();
        var categories = new List<int>();
        var anyOrder = false;
        var anyCategory = false;
        foreach (var record in records)
        {
            if ((customers.Count & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var customer = customerIds.Encode(record.CustomerId);
            customers.Add(customer);
            days.Add(DayNumber(record.At.InZone(zone).Date));
            if (record.OrderId is { } orderId)
            {
                anyOrder = true;
                if (!orderIds.TryGetValue((customer, orderId), out var order))
                {
                    order = orderIds.Count;
                    orderIds.Add((customer, orderId), order);
                }

                orders.Add(order);
            }
            else
            {
                // A record without an order id is an order of its own.
                orders.Add(-1);
            }

            if (record.Category is { } category)
            {
                anyCategory = true;
                categories.Add(categoryNames.Encode(category));
            }
            else
            {
                categories.Add(-1);
            }
        }

        return new PurchaseTable(
            [.. customers],
            [.. days],
            customerIds.Count,
            anyOrder ? [.. orders] : null,
            orderIds.Count,
            anyCategory ? [.. categories] : null,
            categoryNames.Count,
            customerIds,
            anyCategory ? categoryNames : null);
    }
}

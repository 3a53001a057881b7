using System;

namespace Loyalty.Sdk.Analytics.Returns;

/// <summary>
/// Return or cancellation rows, columnar, beside a <see cref="Retention.PurchaseTable"/>: their customers are indexes of
/// that table's customers.
/// </summary>
/// <remarks>This type is not thread-safe to mutate; the analyses only read it.</remarks>
public sealed class ReturnRecords
{
    /// <summary>Initializes a new instance of the <see cref="ReturnRecords"/> class.</summary>
    /// <param name="customers">Per row: the customer's index in the purchase table.</param>
    /// <param name="orders">Per row: the return's order index (rows of one return count once), or -1 for a row of its own; null when each row is a return.</param>
    /// <param name="amounts">Per row: the returned amount, as a positive number.</param>
    /// <exception cref="ArgumentException">The columns differ in length.</exception>
    public ReturnRecords(int[] customers, int[]? orders, decimal[] amounts)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(amounts);
        if (amounts.Length != customers.Length || (orders is not null && orders.Length != customers.Length))
        {
            throw new ArgumentException("Every column must have one value per return row.", nameof(amounts));
        }

        Customers = customers;
        Orders = orders;
        Amounts = amounts;
    }

    /// <summary>Gets each row's customer index.</summary>
    public int[] Customers { get; }

    /// <summary>Gets each row's return order index (-1: the row alone), or null when each row is a return.</summary>
    public int[]? Orders { get; }

    /// <summary>Gets each row's returned amount (positive).</summary>
    public decimal[] Amounts { get; }

    /// <summary>Gets each row's local day number (<see cref="Retention.PurchaseTable.DayNumber"/>), if known: what lets a churn model count only returns before its cutoff.</summary>
    public int[]? Days { get; init; }
}

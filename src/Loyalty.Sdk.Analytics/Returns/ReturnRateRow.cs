namespace Loyalty.Sdk.Analytics.Returns;

/// <summary>The purchases and returns of one group of customers (a cohort, a segment, or everyone).</summary>
/// <param name="Group">The group's name: a cohort's first day (yyyy-MM-dd), a segment, or <c>overall</c>.</param>
/// <param name="Customers">Customers in the group.</param>
/// <param name="Orders">Their purchase orders.</param>
/// <param name="Amount">Their purchase amount.</param>
/// <param name="ReturnedOrders">Their returns (return orders, or rows without an order column).</param>
/// <param name="ReturnedAmount">Their returned amount.</param>
public readonly record struct ReturnRateRow(string Group, int Customers, long Orders, decimal Amount, long ReturnedOrders, decimal ReturnedAmount)
{
    /// <summary>Gets returns per purchase order, or <see langword="null"/> without orders.</summary>
    public double? OrderRate => Orders == 0 ? null : (double)ReturnedOrders / Orders;

    /// <summary>Gets the returned share of the amount, or <see langword="null"/> when nothing was bought.</summary>
    public decimal? AmountRate => Amount <= 0 ? null : ReturnedAmount / Amount;
}

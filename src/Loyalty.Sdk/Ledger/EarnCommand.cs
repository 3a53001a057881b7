using System;
using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>Earns points for a paid order. An order earns once per member; its points stay pending for the program's pending period.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class EarnCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.EarnHandler.Instance;

    /// <summary>Initializes a new instance of the <see cref="EarnCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key, such as <c>order:123:earn</c>.</param>
    /// <param name="orderId">The order id.</param>
    /// <param name="orderedAt">When the order was placed; the pending period and exchange rate are taken from it.</param>
    /// <param name="lines">The order lines, all in one currency, with distinct line ids.</param>
    /// <param name="paidWithPoints">The part of the order paid with points (in the order's currency), if any.</param>
    /// <param name="segments">The member's segments (attributes such as <c>student</c> or <c>new-customer</c>) that segment campaigns match; none by default.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// The order has no lines, lines share an id, lines mix currencies, or the points payment is in another currency,
    /// negative, or more than the order.
    /// </exception>
    public EarnCommand(MemberId memberId, IdempotencyKey key, string orderId, Instant orderedAt, IReadOnlyList<PurchaseLine> lines, Money? paidWithPoints = null, IEnumerable<string>? segments = null)
        : base(memberId, key)
    {
        var distinct = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var segment in segments ?? [])
        {
            distinct.Add(Guard.Text(segment, 100, nameof(segments)));
        }

        Segments = [.. distinct];
        OrderId = CheckText(orderId, nameof(orderId));
        Lines = CheckLines(lines, static l => l.LineId, nameof(lines));
        foreach (var line in Lines)
        {
            if (line.UnitPrice.Currency != Lines[0].UnitPrice.Currency)
            {
                throw new ArgumentException("All lines of an order must be in the same currency.", nameof(lines));
            }
        }

        OrderedAt = Instants.ToMicroseconds(Guard.InRange(orderedAt));
        if (paidWithPoints is { } paid)
        {
            foreach (var line in Lines)
            {
                Total += line.Units * line.UnitPrice.Amount;
            }

            if (paid.Currency != Currency || paid.Amount < 0 || paid.Amount > Total)
            {
                throw new ArgumentException($"The part paid with points ({paid}) must be in {Currency} and between 0 and the order's total ({Total}).", nameof(paidWithPoints));
            }
        }

        PaidWithPoints = paidWithPoints;
    }

    /// <summary>Gets the member's segments, distinct and in ordinal order.</summary>
    public IReadOnlyList<string> Segments { get; }

    /// <summary>Gets the part of the order paid with points, if any.</summary>
    public Money? PaidWithPoints { get; }

    /// <summary>Gets the order's total in its currency (units × unit price), computed when a points payment is given; else 0.</summary>
    internal decimal Total { get; }

    /// <summary>Gets the order id.</summary>
    public string OrderId { get; }

    /// <summary>Gets when the order was placed, to the microsecond (the ledger's precision).</summary>
    public Instant OrderedAt { get; }

    /// <summary>Gets the order lines.</summary>
    public IReadOnlyList<PurchaseLine> Lines { get; }

    /// <summary>Gets the order's currency.</summary>
    public CurrencyCode Currency => Lines[0].UnitPrice.Currency;


    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint)
    {
        fingerprint.Add(OrderId).Add(OrderedAt).Add(Lines.Count);
        foreach (var line in Lines)
        {
            fingerprint.Add(line.LineId).Add(line.Sku).Add(line.Category).Add(line.Units)
                .Add(line.UnitPrice.Amount).Add(line.UnitPrice.Currency.Code);
        }

        fingerprint.Add(PaidWithPoints?.Amount ?? -1m).Add(Segments.Count);
        foreach (var segment in Segments)
        {
            fingerprint.Add(segment);
        }

        return fingerprint;
    }
}

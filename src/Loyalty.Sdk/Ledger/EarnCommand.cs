using System;
using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>Earns points for a paid order. An order earns once per member; its points stay pending for the program's pending period.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class EarnCommand : LedgerCommand
{
    /// <summary>Initializes a new instance of the <see cref="EarnCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key, such as <c>order:123:earn</c>.</param>
    /// <param name="orderId">The order id.</param>
    /// <param name="orderedAt">When the order was placed; the pending period and exchange rate are taken from it.</param>
    /// <param name="lines">The order lines, all in one currency, with distinct line ids.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The order has no lines, lines share an id, or lines mix currencies.</exception>
    public EarnCommand(MemberId memberId, IdempotencyKey key, string orderId, Instant orderedAt, IReadOnlyList<PurchaseLine> lines)
        : base(memberId, key)
    {
        OrderId = CheckText(orderId, nameof(orderId));
        Lines = CheckLines(lines, static l => l.LineId, nameof(lines));
        foreach (var line in Lines)
        {
            if (line.UnitPrice.Currency != Lines[0].UnitPrice.Currency)
            {
                throw new ArgumentException("All lines of an order must be in the same currency.", nameof(lines));
            }
        }

        OrderedAt = Instants.ToMicroseconds(orderedAt);
    }

    /// <summary>Gets the order id.</summary>
    public string OrderId { get; }

    /// <summary>Gets when the order was placed, to the microsecond (the ledger's precision).</summary>
    public Instant OrderedAt { get; }

    /// <summary>Gets the order lines.</summary>
    public IReadOnlyList<PurchaseLine> Lines { get; }

    /// <summary>Gets the order's currency.</summary>
    public CurrencyCode Currency => Lines[0].UnitPrice.Currency;

    internal override string? AccrualOrderId => OrderId;

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint)
    {
        fingerprint.Add(OrderId).Add(OrderedAt).Add(Lines.Count);
        foreach (var line in Lines)
        {
            fingerprint.Add(line.LineId).Add(line.Sku).Add(line.Category).Add(line.Units)
                .Add(line.UnitPrice.Amount).Add(line.UnitPrice.Currency.Code);
        }

        return fingerprint;
    }
}

using System;
using System.Collections.Generic;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// Reverses the points that returned units of an order earned (or the whole order). Cumulative returns never exceed
/// what the order earned; the points come from the order's own lot first, then other lots, then the program's
/// <see cref="ReversalPolicy"/>.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class ReverseEarnCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.ReverseHandler.Instance;

    /// <summary>Initializes a new instance of the <see cref="ReverseEarnCommand"/> class for a partial return.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key, such as <c>return:555</c>.</param>
    /// <param name="orderId">The order that earned the points.</param>
    /// <param name="lines">The returned units per line, with distinct line ids.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No lines are given, or a line id appears twice.</exception>
    public ReverseEarnCommand(MemberId memberId, IdempotencyKey key, string orderId, IReadOnlyList<ReturnedLine> lines)
        : base(memberId, key)
    {
        OrderId = CheckText(orderId, nameof(orderId));
        Lines = CheckLines(lines, static l => l.LineId, nameof(lines));
    }

    private ReverseEarnCommand(MemberId memberId, IdempotencyKey key, string orderId)
        : base(memberId, key)
    {
        OrderId = CheckText(orderId, nameof(orderId));
        Lines = [];
    }

    /// <summary>Gets the order.</summary>
    public string OrderId { get; }

    /// <summary>Gets the returned lines; empty when the whole (remaining) order is reversed.</summary>
    public IReadOnlyList<ReturnedLine> Lines { get; }

    /// <summary>Gets a value indicating whether every unit not yet returned is reversed.</summary>
    public bool IsWholeOrder => Lines.Count == 0;


    /// <summary>Creates a command that reverses every unit of the order not returned yet (a cancellation).</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="orderId">The order.</param>
    /// <returns>The command.</returns>
    public static ReverseEarnCommand WholeOrder(MemberId memberId, IdempotencyKey key, string orderId) => new(memberId, key, orderId);

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint)
    {
        fingerprint.Add(OrderId).Add(Lines.Count);
        foreach (var line in Lines)
        {
            fingerprint.Add(line.LineId).Add(line.Units);
        }

        return fingerprint;
    }
}

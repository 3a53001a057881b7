using System;

namespace Loyalty.Sdk.Events;

/// <summary>
/// A position in a program's outbox. Events are read in cursor order, and a reader never misses an event committed
/// after it read past that position (PostgreSQL orders by transaction id and only reads transactions older than every
/// running one; SQLite and in-memory stores commit one at a time).
/// </summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Transaction">The committing transaction's order (0 for stores that commit one at a time).</param>
/// <param name="Position">The event's position.</param>
public readonly record struct EventCursor(long Transaction, long Position) : IComparable<EventCursor>
{
    /// <summary>Gets the cursor before the first event.</summary>
    public static EventCursor Start => default;

    /// <inheritdoc />
    public int CompareTo(EventCursor other) =>
        Transaction != other.Transaction ? Transaction.CompareTo(other.Transaction) : Position.CompareTo(other.Position);

    /// <inheritdoc />
    public override string ToString() => $"{Transaction}:{Position}";
}

namespace Loyalty.Sdk.Events;

/// <summary>An event as read from the outbox, with its position.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Cursor">The position: pass it to read what follows.</param>
/// <param name="Event">The event.</param>
public sealed record OutboxEvent(EventCursor Cursor, LoyaltyEvent Event);

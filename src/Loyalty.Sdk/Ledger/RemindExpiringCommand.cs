using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>Writes a <see cref="Events.PointsExpiringSoon"/> event for the member's points expiring within a window (the reminder job's command).</summary>
internal sealed class RemindExpiringCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.ReminderHandler.Instance;

    public RemindExpiringCommand(MemberId memberId, IdempotencyKey key, Duration window)
        : base(memberId, key) => Window = Guard.Window(window, positive: true);

    public Duration Window { get; }

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) => fingerprint.Add(Window.BclCompatibleTicks);
}

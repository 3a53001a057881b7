using System;
using Loyalty.Sdk.Engagement;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// Redeems a catalogue reward: debits its price in points and, for rewards with tracked stock, reserves one unit, in
/// one atomic commit. Coupons issue a unique voucher. The command's key becomes the claim's key.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class RedeemRewardCommand : LedgerCommand
{
    /// <summary>Initializes a new instance of the <see cref="RedeemRewardCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key, such as <c>reward:mug:8812</c>: it becomes the claim's key.</param>
    /// <param name="rewardId">The reward.</param>
    /// <exception cref="ArgumentException"><paramref name="rewardId"/> is empty or too long.</exception>
    public RedeemRewardCommand(MemberId memberId, IdempotencyKey key, string rewardId)
        : base(memberId, key) => RewardId = Guard.Text(rewardId, 100, nameof(rewardId));

    /// <summary>Gets the reward.</summary>
    public string RewardId { get; }

    internal override string? ReferencedReward => RewardId;

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) => fingerprint.Add(RewardId);
}

/// <summary>Fulfils a reserved claim (the item shipped): its reserved unit becomes confirmed.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class FulfilRewardCommand : LedgerCommand
{
    /// <summary>Initializes a new instance of the <see cref="FulfilRewardCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="claimKey">The claim: the key of the command that created it.</param>
    /// <exception cref="ArgumentException"><paramref name="claimKey"/> is the default key.</exception>
    public FulfilRewardCommand(MemberId memberId, IdempotencyKey key, IdempotencyKey claimKey)
        : base(memberId, key)
    {
        Guard.NotDefault(claimKey.IsDefault, nameof(claimKey));
        ClaimKey = claimKey;
    }

    /// <summary>Gets the claim.</summary>
    public IdempotencyKey ClaimKey { get; }

    internal override IdempotencyKey? ReferencedClaim => ClaimKey;

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) => fingerprint.Add(ClaimKey.Value);
}

/// <summary>
/// Cancels a claim that is reserved, or issued and unused: refunds its points to the lots they came from and
/// releases its reserved unit, exactly once.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class CancelRewardCommand : LedgerCommand
{
    /// <summary>Initializes a new instance of the <see cref="CancelRewardCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="claimKey">The claim: the key of the command that created it.</param>
    /// <exception cref="ArgumentException"><paramref name="claimKey"/> is the default key.</exception>
    public CancelRewardCommand(MemberId memberId, IdempotencyKey key, IdempotencyKey claimKey)
        : base(memberId, key)
    {
        Guard.NotDefault(claimKey.IsDefault, nameof(claimKey));
        ClaimKey = claimKey;
    }

    /// <summary>Gets the claim.</summary>
    public IdempotencyKey ClaimKey { get; }

    internal override IdempotencyKey? ReferencedClaim => ClaimKey;

    internal override IdempotencyKey? ReferencedRedemption => ClaimKey;

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) => fingerprint.Add(ClaimKey.Value);
}

/// <summary>Uses a coupon's voucher (single use): rejected when unknown for the member, used, cancelled or expired.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class UseVoucherCommand : LedgerCommand
{
    /// <summary>Initializes a new instance of the <see cref="UseVoucherCommand"/> class.</summary>
    /// <param name="memberId">The member presenting the voucher.</param>
    /// <param name="key">The idempotency key, such as <c>order:991:voucher</c>.</param>
    /// <param name="voucherCode">The code.</param>
    /// <exception cref="ArgumentException"><paramref name="voucherCode"/> is empty or too long.</exception>
    public UseVoucherCommand(MemberId memberId, IdempotencyKey key, string voucherCode)
        : base(memberId, key) => VoucherCode = Guard.Text(voucherCode, 64, nameof(voucherCode));

    /// <summary>Gets the voucher code.</summary>
    public string VoucherCode { get; }

    internal override string? ReferencedVoucher => VoucherCode;

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) => fingerprint.Add(VoucherCode);
}

/// <summary>Sets a member's birthday and time zone (for birthday rewards). Does not change points.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class SetProfileCommand : LedgerCommand
{
    /// <summary>Initializes a new instance of the <see cref="SetProfileCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key.</param>
    /// <param name="birthday">The birthday, or <see langword="null"/> to clear it.</param>
    /// <param name="timeZoneId">The member's IANA time zone id, or <see langword="null"/> for the program's.</param>
    /// <exception cref="ArgumentException"><paramref name="timeZoneId"/> is not a known time zone id.</exception>
    public SetProfileCommand(MemberId memberId, IdempotencyKey key, AnnualDate? birthday, string? timeZoneId)
        : base(memberId, key)
    {
        if (timeZoneId is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId) is null)
        {
            throw new ArgumentException($"'{timeZoneId}' is not an IANA time zone id known to {DateTimeZoneProviders.Tzdb.VersionId}.", nameof(timeZoneId));
        }

        Birthday = birthday;
        TimeZoneId = timeZoneId;
    }

    /// <summary>Gets the birthday.</summary>
    public AnnualDate? Birthday { get; }

    /// <summary>Gets the time zone id.</summary>
    public string? TimeZoneId { get; }

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) =>
        fingerprint.Add(Birthday is { } b ? (b.Month * 100) + b.Day : 0).Add(TimeZoneId);
}

/// <summary>
/// Grants the program's birthday or anniversary reward for one year, if the occasion has come (within the rule's
/// grace days) in the member's or the program's zone and was not granted that year. Normally sent by
/// <see cref="LoyaltyEngine.RunCelebrationsAsync"/>; once per member and year whatever the schedule.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class GrantCelebrationCommand : LedgerCommand
{
    /// <summary>Initializes a new instance of the <see cref="GrantCelebrationCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key; the job uses <c>celebration:{kind}:{year}:{member}</c>.</param>
    /// <param name="kind">The occasion.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public GrantCelebrationCommand(MemberId memberId, IdempotencyKey key, CelebrationKind kind)
        : base(memberId, key)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown occasion.");
        }

        Kind = kind;
    }

    /// <summary>Gets the occasion.</summary>
    public CelebrationKind Kind { get; }

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) => fingerprint.Add((long)Kind);
}

/// <summary>Writes a <see cref="Events.PointsExpiringSoon"/> event for the member's points expiring within a window (the reminder job's command).</summary>
internal sealed class RemindExpiringCommand : LedgerCommand
{
    public RemindExpiringCommand(MemberId memberId, IdempotencyKey key, Duration window)
        : base(memberId, key) => Window = Guard.Window(window, positive: true);

    public Duration Window { get; }

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) => fingerprint.Add(Window.BclCompatibleTicks);
}

/// <summary>Applies a win-back rule's action to one member, once per campaign period (the win-back job's command).</summary>
internal sealed class WinBackCommand : LedgerCommand
{
    public WinBackCommand(MemberId memberId, IdempotencyKey key, WinBackRule rule, string[] reasons)
        : base(memberId, key)
    {
        Rule = rule;
        Reasons = reasons;
    }

    public WinBackRule Rule { get; }

    public string[] Reasons { get; }

    internal override string? ReferencedReward => Rule.RewardId;

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) =>
        fingerprint.Add(Rule.Id).Add((long)Rule.Action).Add(Rule.BonusPoints).Add(Rule.RewardId);
}

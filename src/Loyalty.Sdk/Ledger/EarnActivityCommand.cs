using System;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// Earns points for an activity (a review, a share, a sign-up, a birthday), available at once: the points given, or
/// those of the program's <see cref="Rules.ActivityRule"/> for the activity, within its per-period limit.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class EarnActivityCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.ActivityHandler.Instance;

    /// <summary>Initializes a new instance of the <see cref="EarnActivityCommand"/> class.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key, such as <c>review:987</c>.</param>
    /// <param name="activityType">The activity type, such as <c>review</c>.</param>
    /// <param name="points">The points, greater than zero.</param>
    /// <exception cref="ArgumentException"><paramref name="activityType"/> is empty or too long.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="points"/> is not positive.</exception>
    public EarnActivityCommand(MemberId memberId, IdempotencyKey key, string activityType, Points points)
        : base(memberId, key)
    {
        ActivityType = CheckText(activityType, nameof(activityType));
        Points = CheckPositive(points, nameof(points));
    }

    /// <summary>Initializes a new instance of the <see cref="EarnActivityCommand"/> class that earns what the program's rule for the activity gives.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="key">The idempotency key, such as <c>review:987</c>.</param>
    /// <param name="activityType">The activity type, which must have a rule in the program.</param>
    /// <exception cref="ArgumentException"><paramref name="activityType"/> is empty or too long.</exception>
    public EarnActivityCommand(MemberId memberId, IdempotencyKey key, string activityType)
        : base(memberId, key)
    {
        ActivityType = CheckText(activityType, nameof(activityType));
    }

    /// <summary>Gets the activity type.</summary>
    public string ActivityType { get; }

    /// <summary>Gets the points given, or <see langword="null"/> to use the program's rule for the activity.</summary>
    public Points? Points { get; }

    private protected override Fingerprint BuildFingerprint(Fingerprint fingerprint) =>
        fingerprint.Add(ActivityType).Add(Points?.Value ?? -1);
}

using System;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>Sets a member's birthday and time zone (for birthday rewards). Does not change points.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class SetProfileCommand : LedgerCommand
{
    /// <inheritdoc/>
    internal override Decisions.CommandHandler Handler => Decisions.Handlers.ProfileHandler.Instance;

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

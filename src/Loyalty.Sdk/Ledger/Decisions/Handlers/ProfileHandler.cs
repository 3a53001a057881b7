using Loyalty.Sdk.Engagement;

namespace Loyalty.Sdk.Ledger.Decisions.Handlers;

/// <summary>Sets a member's birthday and time zone.</summary>
internal sealed class ProfileHandler : CommandHandler<SetProfileCommand>
{
    public static readonly ProfileHandler Instance = new();

    public override string Name => "set-profile";

    protected override Rejection? Decide(SetProfileCommand command, AccountDraft draft)
    {
        draft.Records.Profile = (draft.Records.Profile ?? new MemberProfile()) with { Birthday = command.Birthday, TimeZoneId = command.TimeZoneId };
        return null;
    }
}

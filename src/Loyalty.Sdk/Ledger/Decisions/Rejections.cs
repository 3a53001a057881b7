namespace Loyalty.Sdk.Ledger.Decisions;

/// <summary>Builds the typed rejections the handlers return.</summary>
internal static class Rejections
{
    public static Rejection Reject(RejectionReason reason, string message) => new(reason, message);

    public static Rejection LimitExceeded(string message) => new(RejectionReason.LimitExceeded, message);

    public static Rejection UnknownMember(AccountDraft draft) =>
        new(RejectionReason.UnknownMember, $"Member '{draft.Command.MemberId}' has no account in program '{draft.Program.Id}'.");
}

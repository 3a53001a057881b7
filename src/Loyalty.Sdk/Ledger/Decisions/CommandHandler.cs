using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions;

/// <summary>
/// Decides one family of commands: says what the command needs loaded, then reads and writes the account draft.
/// A command type names its handler (<see cref="LedgerCommand.Handler"/>); a new command is its type and one handler.
/// </summary>
internal abstract class CommandHandler
{
    /// <summary>Gets the command's name in telemetry and logs, such as <c>earn</c>.</summary>
    public abstract string Name { get; }

    /// <summary>What the command needs loaded besides the account and its key's record.</summary>
    /// <param name="command">The command.</param>
    /// <param name="program">The program.</param>
    /// <param name="now">The instant the decision will use (the plan's).</param>
    public abstract LedgerLoadRequest Plan(LedgerCommand command, LoyaltyProgram program, Instant now);

    /// <summary>Decides the command on the draft: a rejection, or null with the draft changed.</summary>
    public abstract Rejection? Decide(LedgerCommand command, AccountDraft draft);
}

/// <summary>A handler of one command type.</summary>
/// <typeparam name="TCommand">The command type.</typeparam>
internal abstract class CommandHandler<TCommand> : CommandHandler
    where TCommand : LedgerCommand
{
    public sealed override LedgerLoadRequest Plan(LedgerCommand command, LoyaltyProgram program, Instant now) =>
        Plan((TCommand)command, program, now, new LedgerLoadRequest(program.Id, command.MemberId, CommandKey: command.Key));

    public sealed override Rejection? Decide(LedgerCommand command, AccountDraft draft) => Decide((TCommand)command, draft);

    /// <summary>What the command needs loaded; by default the account and the key's record only.</summary>
    /// <param name="command">The command.</param>
    /// <param name="program">The program.</param>
    /// <param name="now">The instant the decision will use.</param>
    /// <param name="account">The request for the account and the key's record, to add to.</param>
    protected virtual LedgerLoadRequest Plan(TCommand command, LoyaltyProgram program, Instant now, LedgerLoadRequest account) => account;

    protected abstract Rejection? Decide(TCommand command, AccountDraft draft);
}

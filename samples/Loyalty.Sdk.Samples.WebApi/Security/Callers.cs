using System;
using System.Linq;
using System.Security.Claims;

namespace Loyalty.Sdk.Samples.WebApi.Security;

/// <summary>
/// Who may call the API, as the access token says. Two kinds of caller, told apart by the <c>role</c> claim:
/// <list type="bullet">
/// <item><c>backend</c>: the shop's own service identity (<c>sub</c> = the service's name), scoped to the programs its
/// <c>program</c> claims name (one claim per program);</item>
/// <item><c>member</c>: a loyalty member (<c>sub</c> = the member id), scoped to the one program its <c>program</c> claim names.</item>
/// </list>
/// </summary>
public static class Callers
{
    /// <summary>The claim that says which kind of caller this is.</summary>
    public const string RoleClaim = "role";

    /// <summary>The claim (one per program) that scopes a caller to programs.</summary>
    public const string ProgramClaim = "program";

    /// <summary>The subject claim: the member id of a member, the service name of a backend.</summary>
    public const string SubjectClaim = "sub";

    /// <summary>The role of the shop's backend.</summary>
    public const string Backend = "backend";

    /// <summary>The role of a loyalty member.</summary>
    public const string Member = "member";

    /// <summary>Gets the caller's subject, normalised like every id at the boundary, or null.</summary>
    public static string? Subject(ClaimsPrincipal user) => user.FindFirst(SubjectClaim)?.Value is { Length: > 0 } sub ? Ids.Text(sub) : null;

    /// <summary>Whether the caller is the backend of a program.</summary>
    public static bool IsBackendOf(ClaimsPrincipal user, string programId) =>
        user.HasClaim(RoleClaim, Backend) && HasProgram(user, programId);

    /// <summary>Whether the caller is a member of a program.</summary>
    public static bool IsMemberOf(ClaimsPrincipal user, string programId) =>
        user.HasClaim(RoleClaim, Member) && !user.HasClaim(RoleClaim, Backend) && HasProgram(user, programId) &&
        user.FindAll(ProgramClaim).Count() == 1 && Subject(user) is not null;

    /// <summary>Whether the caller is the member with this id, in this program.</summary>
    public static bool IsMember(ClaimsPrincipal user, string programId, string memberId) =>
        IsMemberOf(user, programId) && string.Equals(Subject(user), Ids.Text(memberId), StringComparison.Ordinal);

    /// <summary>
    /// The idempotency key a command is stored under: the caller's role and subject, then the client's key. So a key
    /// chosen by one caller never blocks, replays or reveals another caller's command.
    /// </summary>
    public static string BindKey(ClaimsPrincipal user, string clientKey)
    {
        var role = user.HasClaim(RoleClaim, Backend) ? Backend : Member;
        var subject = Subject(user) ?? throw new InvalidOperationException("An authenticated caller without a subject reached a command.");
        return $"{role}:{subject.Length}:{subject}:{Ids.Text(clientKey)}";
    }

    private static bool HasProgram(ClaimsPrincipal user, string programId)
    {
        var wanted = Ids.Text(programId);
        return user.FindAll(ProgramClaim).Any(c => string.Equals(Ids.Text(c.Value), wanted, StringComparison.Ordinal));
    }
}

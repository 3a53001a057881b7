using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Loyalty.Sdk.Samples.WebApi.Security;

/// <summary>
/// The authorization policies, one per kind of endpoint; every endpoint names one. They read the program and the
/// member from the route, so no handler checks access itself. A refused caller gets 401 (no valid token) or 403 (a
/// token for someone else); the endpoint never runs, so nothing changes.
/// </summary>
public static class CallerPolicies
{
    /// <summary>The shop backend of the route's program only: earn, return, adjust, refund, stock, fulfil, cancel, events, jobs.</summary>
    public const string Backend = "backend";

    /// <summary>The member named in the route (of the route's program), or that program's backend: balances, statements, redemptions, rewards, vouchers.</summary>
    public const string MemberSelfOrBackend = "member-self-or-backend";

    /// <summary>Any member of the route's program, or its backend: the leaderboard (which masks other members' ids).</summary>
    public const string ProgramMembers = "program-members";

    /// <summary>Registers the policies.</summary>
    /// <param name="options">The authorization options.</param>
    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(Backend, p => p.RequireAuthenticatedUser().AddRequirements(new CallerRequirement(backend: true, self: false, anyMember: false)));
        options.AddPolicy(MemberSelfOrBackend, p => p.RequireAuthenticatedUser().AddRequirements(new CallerRequirement(backend: true, self: true, anyMember: false)));
        options.AddPolicy(ProgramMembers, p => p.RequireAuthenticatedUser().AddRequirements(new CallerRequirement(backend: true, self: true, anyMember: true)));

        // Anything mapped without a policy is refused, so a new endpoint cannot be left open by accident.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAssertion(_ => false).Build();
    }
}

/// <summary>Which callers an endpoint admits, checked against the route's <c>programId</c> and <c>memberId</c>.</summary>
public sealed class CallerRequirement(bool backend, bool self, bool anyMember) : AuthorizationHandler<CallerRequirement>, IAuthorizationRequirement
{
    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CallerRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (context.Resource is not HttpContext http || http.GetRouteValue("programId") is not string programId)
        {
            return Task.CompletedTask;
        }

        var user = context.User;
        var memberId = http.GetRouteValue("memberId") as string;
        if ((requirement.AdmitsBackend && Callers.IsBackendOf(user, programId)) ||
            (requirement.AdmitsAnyMember && Callers.IsMemberOf(user, programId)) ||
            (requirement.AdmitsSelf && memberId is not null && Callers.IsMember(user, programId, memberId)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private bool AdmitsBackend => backend;

    private bool AdmitsSelf => self;

    private bool AdmitsAnyMember => anyMember;
}

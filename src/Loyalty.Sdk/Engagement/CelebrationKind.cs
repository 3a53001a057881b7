namespace Loyalty.Sdk.Engagement;

/// <summary>Which calendar event a celebration reward is for.</summary>
public enum CelebrationKind
{
    /// <summary>The member's birthday (from the profile).</summary>
    Birthday = 0,

    /// <summary>The anniversary of the member's enrolment (their first command).</summary>
    MembershipAnniversary = 1,
}

using Microsoft.AspNetCore.Mvc;

namespace Apinator.AspNetCore.Tests.DependencyInjection;

/// <summary>An MVC controller that takes <see cref="IApinator"/> through its constructor.</summary>
[ApiController]
[Route("controller/notify")]
public sealed class NotificationsController(IApinator apinator) : ControllerBase
{
    [HttpPost]
    public async Task<IActionResult> Notify(CancellationToken cancellationToken)
    {
        await apinator.TriggerAsync("private-controller", "notice", new { from = "controller" }, cancellationToken: cancellationToken);
        return Accepted();
    }
}

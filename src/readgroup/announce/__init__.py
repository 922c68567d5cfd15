"""Next week's message for the group's chat: `message` builds it (pure), `post` sends it to a
Discord or Slack incoming webhook (HTTP, httpx)."""

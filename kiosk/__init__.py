"""The Kivy touch app for citizens at self-service kiosks: pure UI over the local edge agent's API.

Start it with ``kiosk.app.run(agent_url)`` or ``onestop kiosk run``; other programs use
``kiosk.launch.show_kiosk`` (no Kivy import). See docs/kiosk.md.
"""

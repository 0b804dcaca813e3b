"""nbgrader settings for every user of the hub: the course and the exchange it uses.

JupyterHub's spawner puts this folder on JUPYTER_CONFIG_PATH (deploy/jupyterhub_config.py), which also sets
NKHUB_EXCHANGE to the exchange it created."""
import os

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "moscow-beijing"
c.Exchange.root = os.environ["NKHUB_EXCHANGE"]

"""Views of the certification app: the folder and steps 1–3, overviews, public directory."""

from django.db import migrations, models


class Migration(migrations.Migration):
    """The contact unit in three languages (the old column becomes the Finnish one, its data
    kept); Swedish and English names optional, Finnish shown when they are missing."""

    dependencies = [
        ("catalogue", "0007_catalogue_version"),
    ]

    operations = [
        migrations.RenameField(
            model_name="service", old_name="contact_unit", new_name="contact_unit_fi"
        ),
        migrations.AlterField(
            model_name="service",
            name="contact_unit_fi",
            field=models.CharField(max_length=200, verbose_name="contact unit in Finnish"),
        ),
        migrations.AddField(
            model_name="service",
            name="contact_unit_sv",
            field=models.CharField(
                blank=True, default="", max_length=200, verbose_name="contact unit in Swedish"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="service",
            name="contact_unit_en",
            field=models.CharField(
                blank=True, default="", max_length=200, verbose_name="contact unit in English"
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="service",
            name="name_sv",
            field=models.CharField(blank=True, max_length=200, verbose_name="name in Swedish"),
        ),
        migrations.AlterField(
            model_name="service",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name in English"),
        ),
    ]

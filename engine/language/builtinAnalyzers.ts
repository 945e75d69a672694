/**
 * Registers every capability's analyzer. Each imported module calls registerAnalyzer() for the
 * document kinds it understands; add one import per capability.
 */
import './genericRules';
import '../sysfs/analyzer';
import '../qemu/analyzer';
import '../ksmtuned/register';
import '../libvirt/analyzer';
import '../proxmox/analyzer';
